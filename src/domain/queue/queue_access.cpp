#include "domain/queue/queue_access.hpp"

#include <fmt/format.h>

namespace ordercast::domain::queue::detail {
namespace {

using core::error_code;

constexpr std::string_view k_staff_only =
    "the job queue is for staff of the site (employee, operator, manager), admin and service tokens";

}  // namespace

domain_error job_not_found(std::string_view id) {
    return domain::fail(error_code::not_found,
                        fmt::format("job '{}' does not exist or is not in your site's queue", id));
}

outcome<std::string> resolve_site(const auth::principal& who, std::string_view requested, bool any_allowed) {
    if (auth::is_privileged(who.role)) {
        if (!requested.empty()) return std::string(requested);
        if (!who.site.empty() || any_allowed) return who.site;
        return domain::fail(error_code::invalid_value,
                            "name the site: add siteId to the body (or ?site= to the query)");
    }
    if (!auth::is_staff(who.role))
        return domain::fail(error_code::insufficient_permissions, std::string(k_staff_only));
    if (who.site.empty())
        return domain::fail(error_code::insufficient_permissions,
                            "your token names no site; staff work on their site's queue");
    if (!requested.empty() && requested != who.site)
        return domain::fail(
            error_code::insufficient_permissions,
            fmt::format("you work at site '{}' and cannot use the queue of site '{}'", who.site, requested));
    return who.site;
}

bool may_touch(const auth::principal& who, const store::job_record& job) {
    if (auth::is_privileged(who.role)) return true;
    return auth::is_staff(who.role) && !who.site.empty() && who.site == job.site_id;
}

}  // namespace ordercast::domain::queue::detail

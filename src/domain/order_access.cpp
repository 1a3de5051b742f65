#include "domain/order_access.hpp"

namespace ordercast::domain {
namespace {

bool same_site(const auth::principal& who, std::string_view site) noexcept {
    return !who.site.empty() && who.site == site;
}

}  // namespace

bool may_read(const auth::principal& who, const store::order_record& order) noexcept {
    if (auth::is_privileged(who.role)) return true;
    if (who.role == auth::role::customer)
        return !order.customer_id.empty() && order.customer_id == who.user_id;
    return same_site(who, order.site_id);
}

bool may_read(const auth::principal& who, const store::order_record& order,
              bool operators_assigned_only) noexcept {
    if (operators_assigned_only && who.role == auth::role::operator_ && order.assignee_id != who.user_id)
        return false;
    return may_read(who, order);
}

bool may_change(const auth::principal& who, const store::order_record& order) noexcept {
    if (auth::is_privileged(who.role)) return true;
    return auth::is_staff(who.role) && same_site(who, order.site_id);
}

bool may_read_logs(const auth::principal& who, const store::order_record& order) noexcept {
    return may_change(who, order);
}

bool may_read(const auth::principal& who, const store::customer_record& customer) noexcept {
    if (auth::is_privileged(who.role)) return true;
    if (who.role == auth::role::customer) return customer.id == who.user_id;
    // Staff serve customers of their site and those not tied to any site.
    return customer.site_id.empty() || same_site(who, customer.site_id);
}

}  // namespace ordercast::domain

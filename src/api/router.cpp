#include "api/router.hpp"

#include <fmt/format.h>

#include <array>
#include <optional>

#include "api/bearer_auth.hpp"
#include "api/rest_support.hpp"
#include "core/assert.hpp"

namespace ordercast::api {
namespace {

// No route has more segments than this; a longer path matches none (404).
constexpr std::size_t k_max_segments = 16;

// A request path's segments, on the stack: dispatching allocates nothing for the path.
struct path_segments {
    std::array<std::string_view, k_max_segments> items;
    std::size_t count = 0;
    bool too_many = false;
};

template <class Push>
void split_path(std::string_view path, Push push) {
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        auto slash = path.find('/');
        push(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash);
    }
}

bool is_param(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

router::router(const auth::jwt_verifier& verifier) : verifier_(verifier) {}

void router::add(route_spec spec, route_handler h) {
    route r{std::move(spec), {}, std::move(h)};
    split_path(r.spec.path, [&](std::string_view seg) { r.segments.emplace_back(seg); });
    OC_ASSERT(r.segments.size() <= k_max_segments && "a route longer than k_max_segments can never match");
    OC_ASSERT((r.spec.who.is_public() || r.spec.who.allowed_roles().size() == auth::k_all_roles.size() ||
               !r.spec.who.refusal().empty()) &&
              "a route that refuses some roles must say who may call it");
    for (const route& other : routes_)
        OC_ASSERT(!(other.spec.method == r.spec.method && other.spec.path == r.spec.path) &&
                  "a route added twice");
    routes_.push_back(std::move(r));
}

std::vector<const route_spec*> router::routes() const {
    std::vector<const route_spec*> out;
    out.reserve(routes_.size());
    for (const route& r : routes_) out.push_back(&r.spec);
    return out;
}

net::http_response router::handle(net::http_request& req, std::string_view& route_name) const {
    path_segments parts;
    split_path(req.path, [&](std::string_view seg) {
        if (parts.count < k_max_segments)
            parts.items[parts.count++] = seg;
        else
            parts.too_many = true;
    });
    bool path_matched = false;
    for (const route& r : routes_) {
        if (parts.too_many || r.segments.size() != parts.count) continue;
        bool ok = true;
        for (std::size_t i = 0; i < parts.count && ok; ++i)
            ok = is_param(r.segments[i]) || r.segments[i] == parts.items[i];
        if (!ok) continue;
        path_matched = true;
        if (r.spec.method != req.method) continue;
        route_name = r.spec.path;
        // Only routes with parameters fill the vector: the publish path allocates nothing here.
        for (std::size_t i = 0; i < parts.count; ++i)
            if (is_param(r.segments[i])) req.path_params.push_back(parts.items[i]);
        return call(r, req);
    }
    route_name = "unmatched";
    if (path_matched)
        return error_response(core::error_code::method_not_allowed,
                              fmt::format("{} is not allowed on {}", req.method, req.path));
    return error_response(core::error_code::not_found,
                          fmt::format("no route for {} {}", req.method, req.path));
}

response router::call(const route& r, request& req) const {
    caller c{r.spec};
    std::optional<auth::principal> who;
    if (!r.spec.who.is_public()) {
        response refusal;
        who = authenticate(req, verifier_, refusal);
        if (!who) return refusal;
        if (!r.spec.who.allows(who->role))
            return error_response(core::error_code::insufficient_permissions, r.spec.who.refusal());
        c.principal = &*who;
    }
    std::optional<domain::idempotency> idem;
    if (r.spec.idempotent && !req.idempotency_key.empty()) {
        response refusal;
        if (!valid_idempotency_key(req.idempotency_key, refusal)) return refusal;
        idem = domain::idempotency{req.idempotency_key,
                                   domain::request_fingerprint(req.method, req.path, req.body)};
        c.idempotency = &*idem;
    }
    return r.fn(req, c);
}

}  // namespace ordercast::api

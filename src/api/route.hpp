#pragma once
// One REST route as data: method, path, who may call it, whether it honours
// Idempotency-Key, its schemas and a summary. The router authenticates and checks
// idempotency keys from this table before any handler runs, and the OpenAPI document is
// rendered from it, so what a route demands and what the documentation says cannot drift.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.hpp"
#include "auth/principal.hpp"
#include "auth/role.hpp"
#include "core/assert.hpp"
#include "domain/idempotency.hpp"

namespace ordercast::api {

// Who may call a route: anyone (public), or a verified token whose role is in a set.
class access {
public:
    // No token needed (health, metrics, the API document).
    static constexpr access anyone() { return access(true, 0, {}); }
    // A verified token of any role; the service decides what each role may do.
    static constexpr access signed_in() { return roles(auth::k_all_roles, {}); }
    // A verified token whose role is one of `allowed`; others get 403 INSUFFICIENT_PERMISSIONS
    // with `refusal` (a sentence saying who may).
    template <class Roles>
    static constexpr access roles(const Roles& allowed, std::string_view refusal) {
        std::uint8_t mask = 0;
        for (auth::role r : allowed) mask |= bit(r);
        return access(false, mask, refusal);
    }
    static constexpr access roles(std::initializer_list<auth::role> allowed, std::string_view refusal) {
        std::uint8_t mask = 0;
        for (auth::role r : allowed) mask |= bit(r);
        return access(false, mask, refusal);
    }

    [[nodiscard]] constexpr bool is_public() const { return public_; }
    [[nodiscard]] constexpr bool allows(auth::role r) const { return public_ || (mask_ & bit(r)) != 0; }
    [[nodiscard]] constexpr std::string_view refusal() const { return refusal_; }
    // The roles allowed, in auth::k_all_roles order (empty for a public route).
    [[nodiscard]] std::vector<auth::role> allowed_roles() const {
        std::vector<auth::role> out;
        if (!public_)
            for (auth::role r : auth::k_all_roles)
                if (allows(r)) out.push_back(r);
        return out;
    }

private:
    constexpr access(bool is_public, std::uint8_t mask, std::string_view refusal)
        : public_(is_public), mask_(mask), refusal_(refusal) {}
    static constexpr std::uint8_t bit(auth::role r) {
        return static_cast<std::uint8_t>(1u << static_cast<unsigned>(r));
    }

    bool public_;
    std::uint8_t mask_;
    std::string_view refusal_;
};

// The declaration of one route. String views must view static storage (literals).
struct route_spec {
    std::string_view method;  // "GET", "POST", "PATCH"
    std::string path;         // literal segments and {param} segments: "/api/v1/orders/{id}"
    access who = access::signed_in();
    bool idempotent = false;  // honours Idempotency-Key (creates)
    int status = 200;         // the status of success
    // Component schema names in the OpenAPI document; empty: no JSON body.
    std::string_view request_schema;
    std::string_view response_schema;
    std::string_view summary;                            // one line
    std::vector<std::string_view> query;                 // the query parameters it takes; others are 400
    std::string_view content_type = "application/json";  // of the success body
};

// What the router established before calling a handler.
struct caller {
    const route_spec& route;
    const auth::principal* principal = nullptr;        // set on every route that is not public
    const domain::idempotency* idempotency = nullptr;  // set when the route is idempotent and a key came

    // The verified principal; only on routes that are not public.
    [[nodiscard]] const auth::principal& who() const {
        OC_ASSERT(principal != nullptr && "who() on a public route");
        return *principal;
    }
};

// A route's handler: runs on any worker thread, concurrently with itself.
using route_handler = std::function<response(request&, const caller&)>;

}  // namespace ordercast::api

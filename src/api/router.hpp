#pragma once
// Maps (method, path) to a route of the table (api/route.hpp) and answers it: authenticates
// the bearer token and checks the role when the route is not public, validates an
// Idempotency-Key when the route honours one, then calls the handler with the verified
// principal. The gateway sees only net::http_handler; the application plugs this in.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/route.hpp"
#include "net/http_handler.hpp"

namespace ordercast::auth {
class jwt_verifier;
}

namespace ordercast::api {

class router final : public net::http_handler {
public:
    // `verifier` checks the bearer tokens; it outlives the router.
    explicit router(const auth::jwt_verifier& verifier);

    // Adds a route. Setup only: not while requests are being handled (the table is read by
    // every worker thread without a lock). The route's own path and method must be new.
    void add(route_spec spec, route_handler h);

    // Answers the matching route, or 405 METHOD_NOT_ALLOWED when the path exists with another
    // method, or 404 NOT_FOUND. In order: 401 for a missing or bad token, 403 for a role the
    // route does not allow, 400 for a malformed Idempotency-Key, then the handler. The
    // route's path (or "unmatched") goes to `route_name`.
    net::http_response handle(net::http_request& req, std::string_view& route_name) const override;

    // The table, in the order the routes were added (the OpenAPI document lists it).
    [[nodiscard]] std::vector<const route_spec*> routes() const;

private:
    struct route {
        route_spec spec;
        std::vector<std::string> segments;
        route_handler fn;
    };
    response call(const route& r, request& req) const;

    const auth::jwt_verifier& verifier_;
    std::vector<route> routes_;
};

}  // namespace ordercast::api

#pragma once
// Maps (method, path) to a handler. Paths are literal segments or `{param}` segments whose
// values are passed in request::path_params. Routes are data: the table is also what
// /metrics labels requests by, so cardinality stays bounded.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.hpp"

namespace ordercast::api {

using handler = std::function<response(request&)>;

class router {
public:
    // `pattern` like "/api/v1/orders/{id}".
    void add(std::string_view method, std::string_view pattern, handler h);
    // Returns the matching route's response, 405 when the path exists with another
    // method, or 404. `route_name` receives the pattern (or "unmatched") for metrics; it
    // views the router's own text, valid as long as the router.
    response dispatch(request& req, std::string_view& route_name) const;

private:
    struct route {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        handler fn;
    };
    std::vector<route> routes_;
};

}  // namespace ordercast::api

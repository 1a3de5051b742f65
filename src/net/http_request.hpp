#pragma once
// One HTTP request as the gateway hands it to whatever answers it: views into the parsed
// message, so building one copies nothing. Knows nothing of Beast or of the REST routes.
#include <string_view>
#include <vector>

namespace ordercast::net {

// Every view points into the connection's parser and is valid only while the handler runs.
struct http_request {
    std::string_view method;  // "GET", "POST", ...
    std::string_view path;    // without the query string
    std::string_view query;   // after '?', may be empty
    std::string_view authorization;
    std::string_view idempotency_key;
    std::string_view if_match;
    std::string_view body;
    // The values of a route's {param} segments, in order; filled by the handler's router.
    // Empty for routes without parameters (so dispatching those allocates nothing).
    std::vector<std::string_view> path_params;
};

}  // namespace ordercast::net

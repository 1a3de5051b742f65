#pragma once
// The REST layer's own request and response, so handlers know nothing of Beast.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error_code.hpp"

namespace ordercast::api {

struct request {
    std::string_view method;  // "GET", "POST", ...
    std::string_view path;    // without the query string
    std::string_view query;   // after '?', may be empty
    std::string_view authorization;
    std::string_view idempotency_key;
    std::string_view if_match;
    std::string_view body;
    std::vector<std::string_view> path_params;  // filled by the router from {param} segments
};

struct response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

// {"error":{"code","message"}} with the code's HTTP status.
response error_response(core::error_code code, std::string_view message);
response json_response(int status, std::string body);

}  // namespace ordercast::api

#pragma once
// One HTTP answer as a handler returns it; the gateway adds the status line, Content-Length
// and Connection. Knows nothing of Beast.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error_code.hpp"

namespace ordercast::net {

struct http_response {
    int status = 200;
    // Must view static storage (a literal): it outlives the handler that set it, and a
    // string here would cost an allocation per answer on the publish path.
    std::string_view content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // besides the ones the gateway writes
};

// {"error":{"code","message"}} with the code's HTTP status: the error shape of every HTTP
// answer (the REST handlers' and the gateway's upgrade refusals).
http_response error_response(core::error_code code, std::string_view message);
http_response json_response(int status, std::string body);

}  // namespace ordercast::net

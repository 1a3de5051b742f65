#include "net/http_response.hpp"

#include "core/json_writer.hpp"

namespace ordercast::net {

http_response error_response(core::error_code code, std::string_view message) {
    http_response r;
    r.status = core::http_status(code);
    core::json_writer w(r.body);
    w.begin_object()
        .key("error")
        .begin_object()
        .field("code", core::to_string(code))
        .field("message", message)
        .end_object()
        .end_object();
    return r;
}

http_response json_response(int status, std::string body) {
    http_response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

}  // namespace ordercast::net

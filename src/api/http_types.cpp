#include "api/http_types.hpp"

#include "core/json_writer.hpp"

namespace ordercast::api {

response error_response(core::error_code code, std::string_view message) {
    response r;
    r.status = core::http_status(code);
    core::json_writer w(r.body);
    w.begin_object().key("error").begin_object().field("code", core::to_string(code)).field("message", message)
        .end_object().end_object();
    return r;
}

response json_response(int status, std::string body) {
    response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

}  // namespace ordercast::api

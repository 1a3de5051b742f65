#include "protocol/dialects/dialect_support.hpp"

namespace ordercast::protocol::support {

simdjson::dom::parser& frame_parser() {
    thread_local simdjson::dom::parser parser;
    return parser;
}

std::optional<simdjson::dom::element> parse_frame(std::string_view frame) {
    simdjson::dom::element root;
    if (frame_parser().parse(frame.data(), frame.size(), true).get(root) != simdjson::SUCCESS) return std::nullopt;
    if (!root.is_object()) return std::nullopt;
    return root;
}

request close_invalid_json() {
    request r;
    r.what = request::op::close;
    r.close = {1003, "invalid JSON"};
    return r;
}

std::string_view text(simdjson::dom::element e, std::string_view key, std::string_view fallback) {
    std::string_view s;
    if (e[key].get_string().get(s) != simdjson::SUCCESS) return fallback;
    return s;
}

std::optional<std::string> id_text(simdjson::dom::element e, std::string_view key) {
    std::string_view s;
    if (e[key].get_string().get(s) == simdjson::SUCCESS) return std::string(s);
    std::int64_t n = 0;
    if (e[key].get_int64().get(n) == simdjson::SUCCESS) return std::to_string(n);
    return std::nullopt;
}

std::int64_t integer(simdjson::dom::element e, std::string_view key, std::int64_t fallback) {
    std::int64_t n = 0;
    if (e[key].get_int64().get(n) == simdjson::SUCCESS) return n;
    double d = 0;
    if (e[key].get_double().get(d) == simdjson::SUCCESS) return static_cast<std::int64_t>(d);
    return fallback;
}

void copy(core::json_writer& w, std::string_view key, simdjson::dom::element e, std::string_view from) {
    simdjson::dom::element v;
    w.key(key);
    if (e[from].get(v) != simdjson::SUCCESS) w.null();
    else w.raw(simdjson::minify(v));
}

void copy_text(core::json_writer& w, std::string_view key, simdjson::dom::element e, std::string_view from) {
    std::string_view s;
    w.key(key);
    if (e[from].get_string().get(s) != simdjson::SUCCESS) w.null();
    else w.string(s);
}

}  // namespace ordercast::protocol::support

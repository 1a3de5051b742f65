#include "domain/json_fields.hpp"

#include <fmt/format.h>

#include "auth/channel_name.hpp"

namespace ordercast::domain {

using core::error_code;

simdjson::dom::parser& request_parser() {
    thread_local simdjson::dom::parser parser;
    return parser;
}

outcome<simdjson::dom::object> parse_request_object(std::string_view body, empty_body empty) {
    if (empty == empty_body::as_empty_object && body.find_first_not_of(" \t\r\n") == std::string_view::npos)
        body = "{}";
    simdjson::dom::element root;
    if (request_parser().parse(body.data(), body.size(), true).get(root) != simdjson::SUCCESS)
        return fail(error_code::invalid_message, "the body is not valid JSON");
    simdjson::dom::object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS)
        return fail(error_code::invalid_message, "the body must be a JSON object");
    return obj;
}

domain_error bad_type(std::string_view field, std::string_view expected) {
    return fail(error_code::invalid_message, fmt::format("\"{}\" must be {}", field, expected));
}

domain_error field_too_large(std::string_view field, std::size_t max_bytes) {
    return fail(
        error_code::message_too_large,
        fmt::format("\"{}\" is larger than {} bytes; send a shorter text (put bulky data in the result "
                    "store and link to it)",
                    field, max_bytes),
        fmt::format(R"({{"field":"{}","maxBytes":{}}})", field, max_bytes));
}

std::optional<domain_error> read_text(simdjson::dom::element v, std::string_view field, std::string& out,
                                      std::size_t max, null_field nulls, error_code too_long) {
    if (nulls == null_field::absent && v.is_null()) return std::nullopt;
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) return bad_type(field, "a string");
    if (s.size() > max) {
        if (too_long == error_code::message_too_large) return field_too_large(field, max);
        return fail(too_long, fmt::format("\"{}\" is longer than {} characters", field, max));
    }
    out = s;
    return std::nullopt;
}

std::optional<domain_error> read_id(simdjson::dom::element v, std::string_view field, std::string& out,
                                    null_field nulls) {
    if (nulls == null_field::absent && v.is_null()) return std::nullopt;
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) return bad_type(field, "a string");
    if (!auth::is_valid_channel_id(s))
        return fail(error_code::invalid_value,
                    fmt::format("\"{}\" must be 1-128 characters of A-Z a-z 0-9 _ . @ -", field));
    out = s;
    return std::nullopt;
}

}  // namespace ordercast::domain

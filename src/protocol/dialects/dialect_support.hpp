#pragma once
// What the seed dialects share: reading fields of canonical event data and client frames,
// and writing them into their own shapes. Header-light on purpose: one small helper each.
#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/json_writer.hpp"
#include "protocol/dialect.hpp"

namespace ordercast::protocol::support {

// The thread's parser for client frames; what it returns lives until its next parse.
simdjson::dom::parser& frame_parser();

// A client frame that is a JSON object; nullopt when it is not JSON or not an object.
std::optional<simdjson::dom::element> parse_frame(std::string_view frame);

// What every seed dialect does with a frame that is not a JSON object: close 1003, as the
// factory dashboard's server does ("Invalid JSON: connection closed with code 1003") and the
// other seed clients expect of any server.
request close_invalid_json();

// A string field, or `fallback` when absent, null or not a string.
std::string_view text(simdjson::dom::element e, std::string_view key, std::string_view fallback = {});
// A string field or an integer written in decimal (seed clients send ids both ways).
std::optional<std::string> id_text(simdjson::dom::element e, std::string_view key);
std::int64_t integer(simdjson::dom::element e, std::string_view key, std::int64_t fallback = 0);

// Writes `key` with the value of field `from` of `e` as it is (any JSON), or null when absent.
void copy(core::json_writer& w, std::string_view key, simdjson::dom::element e, std::string_view from);
// Writes `key` with a string field of `e`, or null when absent or null.
void copy_text(core::json_writer& w, std::string_view key, simdjson::dom::element e, std::string_view from);

}  // namespace ordercast::protocol::support

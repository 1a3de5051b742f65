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
#include "protocol/event_table.hpp"

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

// ---- event tables ----------------------------------------------------------------------
// The row of `table` that renders an event of `type` with `data`, or nullptr: the dialect does
// not carry it.
const event_row* find_row(const event_table& table, std::string_view type,
                          simdjson::dom::element data) noexcept;

// Appends the frame of `ev` as `table` says, fields in the row's order, and returns true; or
// returns false (no row). Publishing thread: writes into `out` only, one pass, no allocation
// beyond `out`'s growth.
bool render_event(std::string& out, const event_table& table, const hub::event& ev,
                  simdjson::dom::element data);

}  // namespace ordercast::protocol::support

#pragma once
// A seed dialect's event renderings as data: which canonical events it carries, under which
// wire name, and each wire field with the canonical value it copies and the type it is written
// as. One table drives the dialect's frames (support::render_event walks a row) and the
// field tables of docs/protocol.md (dialect_docs_test checks them against it).
#include <simdjson.h>

#include <cstdint>
#include <span>
#include <string_view>

#include "hub/event.hpp"

namespace ordercast::core {
class json_writer;
}

namespace ordercast::protocol {

// How a wire field's value is written. The `_or_null` types are copied as they are (any JSON)
// and written null when absent; their name says what the canonical value is.
enum class field_type : std::uint8_t {
    string,          // a string; "" when absent or not a string
    string_or_null,  // a string; null when absent or not a string
    integer,         // a whole number (a fraction is truncated); 0 when absent or not a number
    number_or_null,  // the canonical number as it is; null when absent
    object_or_null,  // the canonical object as it is; null when absent
    any_or_null,     // the canonical value as it is, whatever its JSON type; null when absent
    id_or_null,      // an id: a number when the text is a decimal integer, else a string; null
                     // when absent, null or "" (core/json_id.hpp)
    timestamp,       // ISO 8601 UTC (from the envelope's unix milliseconds)
    object,          // an object the dialect computes
};

// Where a wire field's value comes from.
enum class field_source : std::uint8_t {
    data,      // a key of the event's data
    scope,     // a key of the row's scope object (see event_row::scope)
    envelope,  // the event's envelope: "timestamp", "channel", "type", "seq", "epoch" or "messageId"
    constant,  // `canonical` is the value itself (a string, or an integer's digits)
    computed,  // `compute` writes the value; `canonical` names what it is computed from
};

// Writes one computed value (its key is written): for a field that is really derived rather
// than copied. Runs where render_event runs: must not throw, no I/O.
using compute_fn = void (*)(core::json_writer& w, const hub::event& ev, simdjson::dom::element data);

struct wire_field {
    std::string_view wire;       // the key in the frame; plain (written without JSON escaping)
    std::string_view canonical;  // the key it copies (in the data, the scope or the envelope)
    field_type type = field_type::string_or_null;
    field_source from = field_source::data;
    // For string and the _or_null types: a second key, read (from the same place) when the
    // first gives nothing: an empty string, or an absent value.
    std::string_view otherwise = {};
    compute_fn compute = nullptr;
};

// One canonical event as one frame. The first row of a table whose `event` is the event's type
// and whose condition holds renders it; no row: the dialect does not carry the event.
struct event_row {
    std::string_view event;  // the canonical event type
    std::string_view wire;   // the frame's "type"
    std::span<const wire_field> fields;
    // When set, fields from `scope` read the object at this key of the data, or the data
    // itself when the key holds no object (an order event's "order" summary).
    std::string_view scope = {};
    // When set, the row applies only when the data's string at `when_key` is `when_value`.
    std::string_view when_key = {};
    std::string_view when_value = {};
};

// A dialect's rows, and the frame they sit in: {"type": wire, <fields>} or, with `nest`,
// {"type": wire, "<nest>": {<fields>}, <trailer>}.
struct event_table {
    std::span<const event_row> rows;
    std::string_view nest = {};
    std::span<const wire_field> trailer = {};
    // With a `nest`: an event no row carries is still rendered, under its own type with its
    // data as it is in the nest (a protocol that passes published events through, restaurant).
    bool pass_through = false;
};

// "string", "string?", "integer", "number?", "object?", "any?", "id?", "timestamp", "object": for
// the docs.
constexpr std::string_view to_string(field_type t) noexcept {
    switch (t) {
        case field_type::string:
            return "string";
        case field_type::string_or_null:
            return "string?";
        case field_type::integer:
            return "integer";
        case field_type::number_or_null:
            return "number?";
        case field_type::object_or_null:
            return "object?";
        case field_type::any_or_null:
            return "any?";
        case field_type::id_or_null:
            return "id?";
        case field_type::timestamp:
            return "timestamp";
        case field_type::object:
            return "object";
    }
    return "?";
}

}  // namespace ordercast::protocol

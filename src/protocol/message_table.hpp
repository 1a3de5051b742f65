#pragma once
// The canonical protocol's client messages as data (STYLE habit 5): one row per type with
// the fields of its `data` object. The same table drives parsing and validation
// (v1_codec.cpp) and the protocol reference check (message_table_test.cpp compares it with
// docs/protocol.md so the docs cannot drift).
#include <span>
#include <string_view>

namespace ordercast::protocol {

enum class client_type {
    subscribe,
    unsubscribe,
    ping,
    reconnect,
    ack,
    refresh_token,
    ack_alert,
    cancel_operation,
    order_status_update,
};

enum class field_kind {
    string,        // non-empty JSON string
    string_array,  // non-empty array of strings
    object,        // JSON object
};

struct field_spec {
    std::string_view name;
    field_kind kind;
    bool required;
};

struct client_message_spec {
    client_type type;
    std::string_view name;
    std::span<const field_spec> fields;
    std::string_view summary;
};

// Every client message type, in documentation order.
std::span<const client_message_spec> client_messages() noexcept;
// nullptr for an unknown type name.
const client_message_spec* find_client_message(std::string_view name) noexcept;

// Server message types that are not domain events.
std::span<const std::string_view> server_messages() noexcept;

}  // namespace ordercast::protocol

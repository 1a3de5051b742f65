#include "protocol/message_table.hpp"

#include <algorithm>
#include <array>

namespace ordercast::protocol {
namespace {

constexpr field_spec k_subscribe[] = {{"channels", field_kind::string_array, true},
                                      {"positions", field_kind::object, false}};
constexpr field_spec k_unsubscribe[] = {{"channels", field_kind::string_array, true}};
constexpr field_spec k_reconnect[] = {{"lastMessageId", field_kind::string, true},
                                      {"channels", field_kind::string_array, true}};
constexpr field_spec k_ack[] = {{"messageIds", field_kind::string_array, true}};
constexpr field_spec k_refresh_token[] = {{"token", field_kind::string, true}};
constexpr field_spec k_ack_alert[] = {{"alertId", field_kind::string, true}};
constexpr field_spec k_cancel_operation[] = {{"operationId", field_kind::string, true}};
constexpr field_spec k_order_status_update[] = {{"orderId", field_kind::string, true},
                                                {"status", field_kind::string, true}};

constexpr client_message_spec k_client_messages[] = {
    {client_type::subscribe, "subscribe", k_subscribe, "Join channels, optionally resuming from positions."},
    {client_type::unsubscribe, "unsubscribe", k_unsubscribe, "Leave channels."},
    {client_type::ping, "ping", {}, "Application heartbeat; answered with pong."},
    {client_type::reconnect, "reconnect", k_reconnect, "Resume channels after the last message id seen."},
    {client_type::ack, "ack", k_ack, "Acknowledge critical events."},
    {client_type::refresh_token, "refresh_token", k_refresh_token,
     "Replace the connection's token before it expires."},
    {client_type::ack_alert, "ack_alert", k_ack_alert, "Acknowledge an alert (staff)."},
    {client_type::cancel_operation, "cancel_operation", k_cancel_operation,
     "Ask a long-running operation to stop."},
    {client_type::order_status_update, "order_status_update", k_order_status_update,
     "Move an order to a new status (staff)."},
};

constexpr std::string_view k_server_messages[] = {
    "connection_established", "subscription_confirmed", "message_replay", "pong",
    "token_expiring",         "token_refreshed",        "error",          "message_acknowledged",
    "message_error",
};

}  // namespace

std::span<const client_message_spec> client_messages() noexcept {
    return k_client_messages;
}

const client_message_spec* find_client_message(std::string_view name) noexcept {
    auto it = std::find_if(std::begin(k_client_messages), std::end(k_client_messages),
                           [&](const client_message_spec& s) { return s.name == name; });
    return it == std::end(k_client_messages) ? nullptr : &*it;
}

std::span<const std::string_view> server_messages() noexcept {
    return k_server_messages;
}

}  // namespace ordercast::protocol

#pragma once
// What differs between the servers under test once a WebSocket is open: how a client
// subscribes, how the server confirms, how a delivery and a keep-alive look, and how a
// publisher sends over WebSocket.
//   v1        ordercast's /v1, and the Node ws and FastAPI peers, which speak its subset:
//             {"type":"subscribe","data":{"channels":[C]}} -> {"type":"subscription_confirmed",...}
//   socketio  Engine.IO 4 / Socket.IO 5 over a bare WebSocket: "0{..}" open, "40" namespace
//             connect, 42["subscribe",C] -> 42["subscribed",C], engine ping "2" -> pong "3"
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ordercast::bench {

enum class dialect_kind { v1, socketio };

std::optional<dialect_kind> parse_dialect(std::string_view name) noexcept;
std::string_view dialect_name(dialect_kind kind) noexcept;

// What a received text message means to a subscriber.
enum class inbound_kind {
    delivery,          // an event carrying a publisher timestamp
    engine_open,       // socketio: answer with namespace_connect_message()
    ready,             // the server accepts commands now: send the subscribe message
    subscribed,        // the subscription is confirmed
    subscribe_failed,  // the server refused the channel
    engine_ping,       // socketio: answer with engine_pong_message()
    error,             // the server reported an error
    other,             // anything else (connection_established, pong, ...): ignored
};

struct inbound {
    inbound_kind kind = inbound_kind::other;
    std::uint64_t ts_ns = 0;  // set for delivery
};

// Classifies one text message. Deliveries are checked first: they are the hot path.
inbound classify_inbound(dialect_kind kind, std::string_view text) noexcept;

// Whether the server accepts commands as soon as the upgrade completes (v1), or only after
// its own opening messages (socketio).
bool ready_after_upgrade(dialect_kind kind) noexcept;

void append_subscribe_message(std::string& out, dialect_kind kind, std::string_view channel);
std::string_view namespace_connect_message() noexcept;  // socketio "40"
std::string_view engine_pong_message() noexcept;        // socketio "3"

// Appends a publish sent over WebSocket (the peers accept it; ordercast publishes over HTTP
// only). `body` is the HTTP publish body of payload.hpp.
void append_ws_publish_message(std::string& out, dialect_kind kind, std::string_view body);

}  // namespace ordercast::bench

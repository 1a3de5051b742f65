#pragma once
// What session.cpp and session_join.cpp share and nobody else needs.
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/dialect.hpp"
#include "session/session.hpp"

namespace ordercast::session {

// What a connection of a dialect with dialect_traits::connection_state keeps beyond a /v1
// session's state. Allocated only for those, so an idle /v1 connection does not pay for it.
struct session::connection_state {
    std::string resource_id;  // the path's {id}
    bool anonymous = false;   // admitted without a token: never expires
    // The last two events sent, to drop the same change arriving on a second channel.
    hub::event_ptr recent[2];
    std::int64_t connected_at_ms = 0;
    std::int64_t last_heartbeat_ms = 0;
};

// The dialects' answers, written to the transport as they come. Lives on the stack for one
// call (a member would cost every connection a pointer).
class transport_sink final : public protocol::reply_sink {
public:
    explicit transport_sink(transport& out) : out_(out) {}
    void send(std::string_view text) override { out_.send_text(text); }

private:
    transport& out_;
};

// Close code for refusals a dialect gives no code of its own.
inline constexpr std::uint16_t k_close_policy = 1008;

}  // namespace ordercast::session

#pragma once
// What a session of a seed dialect keeps beyond a /v1 session's state (session_dialect.cpp).
// Allocated only for those, so an idle /v1 connection does not pay for it.
#include <cstdint>
#include <memory>
#include <string>

#include "session/session.hpp"

namespace ordercast::session {

struct session::dialect_state {
    std::string resource_id;  // the path's {id}
    bool anonymous = false;   // admitted without a token: never expires
    // The last two events sent, to drop the same change arriving on a second channel.
    hub::event_ptr recent[2];
    std::int64_t connected_at_ms = 0;
    std::int64_t last_heartbeat_ms = 0;
};

}  // namespace ordercast::session

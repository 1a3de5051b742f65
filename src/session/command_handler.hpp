#pragma once
// Domain commands that arrive over WebSocket (order_status_update, ack_alert,
// cancel_operation), already decoded by the connection's dialect into a protocol::command.
// The adapters in api/ws implement this; the session only routes.
#include "auth/principal.hpp"
#include "protocol/request.hpp"

namespace ordercast::session {

class command_handler {
public:
    virtual ~command_handler() = default;
    // Runs on the connection's worker thread; must not block on I/O for long.
    virtual protocol::command_outcome handle(const auth::principal& who, const protocol::command& cmd) = 0;
};

// What is left when no domain adapter took a command: every referenced resource is unknown.
class no_domain_command_handler final : public command_handler {
public:
    protocol::command_outcome handle(const auth::principal& who, const protocol::command& cmd) override;
};

}  // namespace ordercast::session

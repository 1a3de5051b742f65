#pragma once
// Domain commands that arrive over WebSocket (order_status_update, ack_alert,
// cancel_operation). The services issues implement this; the session only routes.
#include <string>

#include "auth/principal.hpp"
#include "core/error_code.hpp"
#include "protocol/v1_codec.hpp"

namespace ordercast::session {

struct command_result {
    bool ok = true;
    core::error_code code = core::error_code::internal_error;
    std::string message;
};

class command_handler {
public:
    virtual ~command_handler() = default;
    // Runs on the connection's worker thread; must not block on I/O for long.
    virtual command_result handle(const auth::principal& who, const protocol::client_command& cmd) = 0;
};

// Until the domain services exist: every referenced resource is unknown.
class no_domain_command_handler final : public command_handler {
public:
    command_result handle(const auth::principal& who, const protocol::client_command& cmd) override;
};

}  // namespace ordercast::session

#pragma once
// The WebSocket domain commands: `order_status_update {orderId, status, message?}` moves an
// order through the order service (the same checks and events as PATCH); the commands of
// services that do not exist yet (ack_alert, cancel_operation) go to `fallback`.
#include "domain/order_service.hpp"
#include "session/command_handler.hpp"

namespace ordercast::domain {

class order_command_handler final : public session::command_handler {
public:
    // Both must outlive the handler.
    order_command_handler(order_service& orders, session::command_handler& fallback)
        : orders_(orders), fallback_(fallback) {}

    // On the connection's worker thread; blocks for one write unit of work.
    session::command_result handle(const auth::principal& who, const protocol::client_command& cmd) override;

private:
    order_service& orders_;
    session::command_handler& fallback_;
};

}  // namespace ordercast::domain

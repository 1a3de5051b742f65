#pragma once
// The WebSocket command `order_status_update {orderId, status, message?}`, decoded by any
// dialect, moves an order through the order service (the same checks and events as PATCH);
// other commands go to `fallback`.
#include "domain/order_service.hpp"
#include "session/command_handler.hpp"

namespace ordercast::api::ws {

class order_command_handler final : public session::command_handler {
public:
    // Both must outlive the handler.
    order_command_handler(domain::order_service& orders, session::command_handler& fallback)
        : orders_(orders), fallback_(fallback) {}

    // On the connection's worker thread; blocks for one write unit of work.
    protocol::command_outcome handle(const auth::principal& who, const protocol::command& cmd) override;

private:
    domain::order_service& orders_;
    session::command_handler& fallback_;
};

}  // namespace ordercast::api::ws

#pragma once
// The WebSocket commands of operations and alerts, decoded by any dialect:
//   cancel_operation {operationId}  as POST /api/v1/operations/{id}/cancel
//   ack_alert {alertId}             as POST /api/v1/alerts/{id}/ack
// Anything else goes to `fallback`.
#include "domain/alerts/alert_service.hpp"
#include "domain/operations/operation_service.hpp"
#include "session/command_handler.hpp"

namespace ordercast::api::ws {

class ops_command_handler final : public session::command_handler {
public:
    // All must outlive the handler.
    ops_command_handler(domain::operations::operation_service& operations,
                        domain::alerts::alert_service& alerts, session::command_handler& fallback)
        : operations_(operations), alerts_(alerts), fallback_(fallback) {}

    // On the connection's worker thread; blocks for one write unit of work.
    protocol::command_outcome handle(const auth::principal& who, const protocol::command& cmd) override;

private:
    domain::operations::operation_service& operations_;
    domain::alerts::alert_service& alerts_;
    session::command_handler& fallback_;
};

}  // namespace ordercast::api::ws

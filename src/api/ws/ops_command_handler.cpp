#include "api/ws/ops_command_handler.hpp"

namespace ordercast::api::ws {

protocol::command_outcome ops_command_handler::handle(const auth::principal& who,
                                                      const protocol::command& cmd) {
    using protocol::command_kind;
    if (cmd.kind == command_kind::cancel_operation) {
        const std::string_view id = cmd.field("operationId");
        if (id.empty())
            return {false, core::error_code::invalid_message, "cancel_operation needs a string operationId"};
        auto r = operations_.cancel(who, id);
        if (!r) return {false, r.error().code, r.error().message};
        return {};
    }
    if (cmd.kind == command_kind::ack_alert) {
        const std::string_view id = cmd.field("alertId");
        if (id.empty()) return {false, core::error_code::invalid_message, "ack_alert needs a string alertId"};
        auto r = alerts_.acknowledge(who, id);
        if (!r) return {false, r.error().code, r.error().message};
        return {};
    }
    return fallback_.handle(who, cmd);
}

}  // namespace ordercast::api::ws

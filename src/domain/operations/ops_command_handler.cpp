#include "domain/operations/ops_command_handler.hpp"

namespace ordercast::domain::operations {

session::command_result ops_command_handler::handle(const auth::principal& who, const protocol::client_command& cmd) {
    using protocol::client_type;
    std::string_view id;
    if (cmd.type == client_type::cancel_operation) {
        if (cmd.data["operationId"].get_string().get(id) != simdjson::SUCCESS)
            return {false, core::error_code::invalid_message, "cancel_operation needs a string operationId"};
        auto r = operations_.cancel(who, id);
        if (!r) return {false, r.error().code, r.error().message};
        return {};
    }
    if (cmd.type == client_type::ack_alert) {
        if (cmd.data["alertId"].get_string().get(id) != simdjson::SUCCESS)
            return {false, core::error_code::invalid_message, "ack_alert needs a string alertId"};
        auto r = alerts_.acknowledge(who, id);
        if (!r) return {false, r.error().code, r.error().message};
        return {};
    }
    return fallback_.handle(who, cmd);
}

}  // namespace ordercast::domain::operations

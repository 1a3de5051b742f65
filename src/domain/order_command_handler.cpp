#include "domain/order_command_handler.hpp"

namespace ordercast::domain {

session::command_result order_command_handler::handle(const auth::principal& who,
                                                      const protocol::client_command& cmd) {
    if (cmd.type != protocol::client_type::order_status_update) return fallback_.handle(who, cmd);
    if (!auth::is_staff(who.role) && !auth::is_privileged(who.role))
        return {false, core::error_code::insufficient_permissions, "only staff may change an order's status"};
    std::string_view id, status, message;
    if (cmd.data["orderId"].get_string().get(id) != simdjson::SUCCESS ||
        cmd.data["status"].get_string().get(status) != simdjson::SUCCESS)
        return {false, core::error_code::invalid_message, "order_status_update needs string orderId and status"};
    if (cmd.data["message"].get_string().get(message) != simdjson::SUCCESS) message = {};
    order_patch patch;
    patch.status = std::string(status);
    patch.message = message.substr(0, 500);
    auto result = orders_.update(who, id, patch);
    if (!result) return {false, result.error().code, result.error().message};
    return {};
}

}  // namespace ordercast::domain

#include "api/ws/order_command_handler.hpp"

namespace ordercast::api::ws {

protocol::command_outcome order_command_handler::handle(const auth::principal& who,
                                                        const protocol::command& cmd) {
    if (cmd.kind != protocol::command_kind::order_status_update) return fallback_.handle(who, cmd);
    if (!auth::is_staff(who.role) && !auth::is_privileged(who.role))
        return {false, core::error_code::insufficient_permissions, "only staff may change an order's status"};
    const std::string_view id = cmd.field("orderId");
    const std::string_view status = cmd.field("status");
    if (id.empty() || status.empty())
        return {false, core::error_code::invalid_message,
                "order_status_update needs string orderId and status"};
    domain::order_patch patch;
    patch.status = std::string(status);
    patch.message = cmd.field("message").substr(0, 500);
    auto result = orders_.update(who, id, patch);
    if (!result) return {false, result.error().code, result.error().message};
    return {};
}

}  // namespace ordercast::api::ws

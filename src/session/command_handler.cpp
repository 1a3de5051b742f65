#include "session/command_handler.hpp"

#include <fmt/format.h>

namespace ordercast::session {

protocol::command_outcome no_domain_command_handler::handle(const auth::principal& who,
                                                            const protocol::command& cmd) {
    using protocol::command_kind;
    std::string_view id;
    const char* what = "";
    switch (cmd.kind) {
        case command_kind::order_status_update:
            if (!auth::is_staff(who.role) && !auth::is_privileged(who.role))
                return {false, core::error_code::insufficient_permissions,
                        "only staff may change an order's status"};
            id = cmd.field("orderId");
            what = "order";
            break;
        case command_kind::ack_alert:
            if (!auth::is_staff(who.role) && !auth::is_privileged(who.role))
                return {false, core::error_code::insufficient_permissions,
                        "only staff may acknowledge alerts"};
            id = cmd.field("alertId");
            what = "alert";
            break;
        case command_kind::cancel_operation:
            id = cmd.field("operationId");
            what = "operation";
            break;
    }
    if (id.empty()) id = "?";
    return {false, core::error_code::not_found, fmt::format("{} '{}' does not exist", what, id)};
}

}  // namespace ordercast::session

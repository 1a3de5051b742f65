#include "session/command_handler.hpp"

#include <fmt/format.h>

namespace ordercast::session {

command_result no_domain_command_handler::handle(const auth::principal& who,
                                                 const protocol::client_command& cmd) {
    using protocol::client_type;
    std::string_view id;
    const char* what = "";
    switch (cmd.type) {
        case client_type::order_status_update:
            if (!auth::is_staff(who.role) && !auth::is_privileged(who.role))
                return {false, core::error_code::insufficient_permissions,
                        "only staff may change an order's status"};
            if (cmd.data["orderId"].get_string().get(id) != simdjson::SUCCESS) id = "?";
            what = "order";
            break;
        case client_type::ack_alert:
            if (!auth::is_staff(who.role) && !auth::is_privileged(who.role))
                return {false, core::error_code::insufficient_permissions, "only staff may acknowledge alerts"};
            if (cmd.data["alertId"].get_string().get(id) != simdjson::SUCCESS) id = "?";
            what = "alert";
            break;
        case client_type::cancel_operation:
            if (cmd.data["operationId"].get_string().get(id) != simdjson::SUCCESS) id = "?";
            what = "operation";
            break;
        default: return {false, core::error_code::unknown_type, "not a domain command"};
    }
    return {false, core::error_code::not_found, fmt::format("{} '{}' does not exist", what, id)};
}

}  // namespace ordercast::session

#include "protocol/request.hpp"

#include "auth/permission_rules.hpp"
#include "core/clock.hpp"

namespace ordercast::protocol {

std::string_view to_string(command_kind k) noexcept {
    switch (k) {
        case command_kind::order_status_update:
            return "order_status_update";
        case command_kind::ack_alert:
            return "ack_alert";
        case command_kind::cancel_operation:
            return "cancel_operation";
    }
    return "unknown";
}

std::string_view command::field(std::string_view name) const noexcept {
    for (const auto& [key, value] : fields)
        if (key == name) return value;
    return {};
}

std::string_view reason_text(const failed_channel& f) noexcept {
    switch (f.why) {
        case join_failure::not_allowed:
            return auth::k_insufficient_permissions;
        case join_failure::subscription_limit:
            return "subscription_limit";
        case join_failure::not_found:
            return "not_found";
        case join_failure::not_subscribed:
            return "not_subscribed";
        case join_failure::invalid_channel:
        case join_failure::refused:
            return f.detail;
    }
    return f.detail;
}

hub::event first_state_event(std::string_view channel, const first_state& state) {
    hub::event ev;
    ev.channel = channel;
    ev.type = state.type;
    ev.data = state.data;
    ev.timestamp_ms = core::unix_ms();
    return ev;
}

}  // namespace ordercast::protocol

#include "api/ws/operation_hooks.hpp"

#include "hub/hub.hpp"

namespace ordercast::api::ws {
namespace {

constexpr std::string_view k_prefix = "operation:";

}  // namespace

bool operation_ownership_hook::may_access(const auth::principal& who, auth::channel_kind kind,
                                          std::string_view id) const {
    if (kind == auth::channel_kind::operation) return operations_.may_watch(who, id);
    return fallback_.may_access(who, kind, id);
}

std::string operation_subscription_hook::admit(const auth::principal&, std::string_view canonical) {
    if (!canonical.starts_with(k_prefix)) return {};
    const auto limit = static_cast<std::size_t>(operations_.config().max_subscribers);
    if (hub_.subscriber_count(canonical) >= limit) return "operation_subscriber_limit";
    return {};
}

session::first_state operation_subscription_hook::join(const auth::principal&, std::string_view canonical,
                                                       const std::function<void()>& subscribe) {
    if (!canonical.starts_with(k_prefix)) {
        subscribe();
        return {};
    }
    domain::operations::subscriber_state state =
        operations_.state_joining(canonical.substr(k_prefix.size()), subscribe);
    return {std::move(state.type), std::move(state.data)};
}

}  // namespace ordercast::api::ws

#pragma once
// How operations take part in WebSocket channel joins, adapting the operation service to the
// session's hooks:
//   operation_ownership_hook    answers `operation:* owner` from the store (owner, creator,
//                               staff of the operation's site; see domain/operations/
//                               operation_access.hpp) and
//                               passes other kinds to `fallback`;
//   operation_subscription_hook admits at most operations.max_subscribers concurrent
//                               subscribers per operation:{id} (the next is refused with
//                               "operation_subscriber_limit") and sends a new subscriber
//                               the stored state first (operation_state), so a late or
//                               reconnecting client, even after a restart, has it at once.
//
// The limit reads the hub's count at admission: two joins racing on different workers may
// both pass at limit - 1 (the limit can be exceeded by at most workers - 1).
#include "auth/ownership_hook.hpp"
#include "domain/operations/operation_service.hpp"
#include "session/subscription_hook.hpp"

namespace ordercast::hub {
class hub;
}

namespace ordercast::api::ws {

class operation_ownership_hook final : public auth::ownership_hook {
public:
    // Both must outlive the hook.
    operation_ownership_hook(domain::operations::operation_service& operations,
                             const auth::ownership_hook& fallback)
        : operations_(operations), fallback_(fallback) {}
    bool may_access(const auth::principal& who, auth::channel_kind kind, std::string_view id) const override;

private:
    domain::operations::operation_service& operations_;
    const auth::ownership_hook& fallback_;
};

class operation_subscription_hook final : public session::subscription_hook {
public:
    // Both must outlive the hook.
    operation_subscription_hook(domain::operations::operation_service& operations, const hub::hub& hub)
        : operations_(operations), hub_(hub) {}
    std::string admit(const auth::principal& who, std::string_view canonical) override;
    session::first_state join(const auth::principal& who, std::string_view canonical,
                              const std::function<void()>& subscribe) override;

private:
    domain::operations::operation_service& operations_;
    const hub::hub& hub_;
};

}  // namespace ordercast::api::ws

#pragma once
// The ownership hook answered from the store: `order:{id}` is allowed when the order exists
// and the principal may read it (a customer their own, staff their site's, admins all).
// Other kinds go to `fallback` (operation:{id}: api/ws/operation_hooks.hpp).
// Also the session's order_ref_resolver, answered from the same store.
#include "auth/ownership_hook.hpp"
#include "domain/order_service.hpp"
#include "session/order_ref_resolver.hpp"

namespace ordercast::api::ws {

class store_ownership_hook final : public auth::ownership_hook {
public:
    // Both must outlive the hook.
    store_ownership_hook(domain::order_service& orders, const auth::ownership_hook& fallback)
        : orders_(orders), fallback_(fallback) {}

    // One indexed read on a reader connection; false for missing orders and store failures.
    bool may_access(const auth::principal& who, auth::channel_kind kind, std::string_view id) const override;

private:
    domain::order_service& orders_;
    const auth::ownership_hook& fallback_;
};

// Order numbers to ids for the session (the factory dialect's subscribe {order_id}).
class store_order_ref_resolver final : public session::order_ref_resolver {
public:
    // `orders` must outlive the resolver.
    explicit store_order_ref_resolver(domain::order_service& orders) : orders_(orders) {}
    std::optional<std::string> order_id(std::string_view id_or_number) const override {
        return orders_.order_id_of(id_or_number);
    }

private:
    domain::order_service& orders_;
};

}  // namespace ordercast::api::ws

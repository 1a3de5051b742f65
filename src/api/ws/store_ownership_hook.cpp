#include "api/ws/store_ownership_hook.hpp"

namespace ordercast::api::ws {

bool store_ownership_hook::may_access(const auth::principal& who, auth::channel_kind kind,
                                      std::string_view id) const {
    if (kind == auth::channel_kind::order) return orders_.may_see(who, id);
    return fallback_.may_access(who, kind, id);
}

}  // namespace ordercast::api::ws

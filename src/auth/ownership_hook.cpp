#include "auth/ownership_hook.hpp"

namespace ordercast::auth {

bool default_ownership_hook::may_access(const principal& who, channel_kind, std::string_view) const {
    return is_staff(who.role) || is_privileged(who.role);
}

}  // namespace ordercast::auth

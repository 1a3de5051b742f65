#include "domain/operations/operation_access.hpp"

namespace ordercast::domain::operations {

bool may_watch(const auth::principal& who, const store::operation_record& op) noexcept {
    if (auth::is_privileged(who.role)) return true;
    if (who.user_id == op.owner_id || who.user_id == op.created_by) return true;
    return auth::is_staff(who.role) && !who.site.empty() && who.site == op.site_id;
}

// A customer never drives an operation, not even one it started: its progress and result
// (an OCR reading, say) are trusted by others.
bool may_drive(const auth::principal& who, const store::operation_record& op) noexcept {
    if (auth::is_privileged(who.role)) return true;
    return who.role != auth::role::customer && who.user_id == op.created_by;
}

}  // namespace ordercast::domain::operations

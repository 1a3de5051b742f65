#pragma once
// Who may do what with an operation (its owner, staff of its site and admins):
//   watch (GET, subscribe to operation:{id})  its owner, its creator, staff of its site,
//                                             admin and service
//   drive (progress, complete, fail)          its creator (the worker), admin and service
//   cancel                                    whoever may watch it
// Pure functions of the principal and the row; any thread.
#include "auth/principal.hpp"
#include "store/records.hpp"

namespace ordercast::domain::operations {

[[nodiscard]] bool may_watch(const auth::principal& who, const store::operation_record& op) noexcept;
[[nodiscard]] bool may_drive(const auth::principal& who, const store::operation_record& op) noexcept;
[[nodiscard]] inline bool may_cancel(const auth::principal& who, const store::operation_record& op) noexcept {
    return may_watch(who, op);
}

}  // namespace ordercast::domain::operations

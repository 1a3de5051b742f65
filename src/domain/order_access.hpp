#pragma once
// Who may do what with an order: the permission matrix's semantics applied to rows.
//   customer            their own orders (customer id = token sub): read, create, add notes
//   employee, operator  orders of their site: read, create, change, add notes, read logs
//   manager             as staff, for their site
//   admin, service      every order
// Pure functions of the principal and the row; any thread.
#include "auth/principal.hpp"
#include "store/records.hpp"

namespace ordercast::domain {

[[nodiscard]] bool may_read(const auth::principal& who, const store::order_record& order) noexcept;
// As may_read; with `operators_assigned_only`, an operator reads only the orders assigned to them.
[[nodiscard]] bool may_read(const auth::principal& who, const store::order_record& order,
                            bool operators_assigned_only) noexcept;
[[nodiscard]] bool may_change(const auth::principal& who, const store::order_record& order) noexcept;
// Production logs carry staff ids and timings: staff of the order's site and admins only.
[[nodiscard]] bool may_read_logs(const auth::principal& who, const store::order_record& order) noexcept;
[[nodiscard]] bool may_read(const auth::principal& who, const store::customer_record& customer) noexcept;

}  // namespace ordercast::domain

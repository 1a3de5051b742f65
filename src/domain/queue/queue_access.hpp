#pragma once
// Who may use the queue, and how the service turns store failures into answers. Private to
// the queue service's source files (queue_service.cpp, queue_transitions.cpp).
#include <string>
#include <string_view>

#include "auth/principal.hpp"
#include "domain/domain_error.hpp"
#include "domain/order_service.hpp"
#include "domain/store_guard.hpp"
#include "store/records.hpp"
#include "store/store_error.hpp"

namespace ordercast::domain::queue::detail {

domain_error job_not_found(std::string_view id);

// The site a request acts on. Staff (employee, operator, manager): their token's, and no
// other. Admin and service: the named one, else their token's, else "" (every site) when
// `any_allowed`, else 422. Customers: 403.
outcome<std::string> resolve_site(const auth::principal& who, std::string_view requested, bool any_allowed);

// Admin and service, or staff of the job's site.
bool may_touch(const auth::principal& who, const store::job_record& job);

}  // namespace ordercast::domain::queue::detail

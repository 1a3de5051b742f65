#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace ordercast::auth {

// The roles a token's `role` claim may name. `operator_` has a trailing underscore only
// because `operator` is a keyword; its name on the wire and in config is "operator".
enum class role { customer, employee, operator_, manager, admin, service };

inline constexpr std::array k_all_roles{role::customer, role::employee, role::operator_,
                                        role::manager,  role::admin,    role::service};

// Exact, case-sensitive names: "customer", "employee", "operator", "manager", "admin",
// "service". Returns nullopt for anything else.
std::optional<role> parse_role(std::string_view name) noexcept;
std::string_view to_string(role r) noexcept;

// Staff work inside a site: employee, operator and manager.
constexpr bool is_staff(role r) noexcept {
    return r == role::employee || r == role::operator_ || r == role::manager;
}

// Trusted without per-channel checks: admin and service.
constexpr bool is_privileged(role r) noexcept {
    return r == role::admin || r == role::service;
}

}  // namespace ordercast::auth

#include "auth/role.hpp"

namespace ordercast::auth {

std::optional<role> parse_role(std::string_view name) noexcept {
    for (role r : k_all_roles) {
        if (to_string(r) == name) return r;
    }
    return std::nullopt;
}

std::string_view to_string(role r) noexcept {
    switch (r) {
        case role::customer:
            return "customer";
        case role::employee:
            return "employee";
        case role::operator_:
            return "operator";
        case role::manager:
            return "manager";
        case role::admin:
            return "admin";
        case role::service:
            return "service";
    }
    return "unknown";
}

}  // namespace ordercast::auth

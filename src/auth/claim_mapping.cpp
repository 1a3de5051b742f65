#include "auth/claim_mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "auth/error.hpp"

namespace ordercast::auth {
namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

}  // namespace

std::optional<role> claim_mapping::map_role(std::string_view issuer_role) const noexcept {
    for (const auto& [name, r] : role_map)
        if (name == issuer_role) return r;
    return parse_role(issuer_role);
}

std::vector<std::pair<std::string, role>> parse_role_map(const std::vector<std::string>& entries) {
    std::vector<std::pair<std::string, role>> out;
    for (const std::string& entry : entries) {
        const auto eq = entry.find('=');
        if (eq == std::string::npos)
            throw config_error(
                fmt::format("auth.role_map: '{}' is not an entry of the form issuer_role=ordercast_role "
                            "(e.g. staff=employee)",
                            entry));
        const std::string_view from = trimmed(std::string_view(entry).substr(0, eq));
        const std::string_view to = trimmed(std::string_view(entry).substr(eq + 1));
        if (from.empty())
            throw config_error(fmt::format("auth.role_map: '{}' names no issuer role before '='", entry));
        const auto r = parse_role(to);
        if (!r)
            throw config_error(fmt::format(
                "auth.role_map: '{}' maps to '{}', which is not a role; use customer, employee, operator, "
                "manager, admin or service",
                entry, to));
        if (std::any_of(out.begin(), out.end(), [&](const auto& e) { return e.first == from; }))
            throw config_error(fmt::format("auth.role_map: the issuer role '{}' is mapped twice", from));
        out.emplace_back(std::string(from), *r);
    }
    return out;
}

void validate_claim_mapping(const claim_mapping& mapping) {
    const std::array<std::pair<std::string_view, const std::string*>, 4> names = {{
        {"auth.claims.user", &mapping.user},
        {"auth.claims.role", &mapping.role},
        {"auth.claims.site", &mapping.site},
        {"auth.claims.stations", &mapping.stations},
    }};
    constexpr std::array<std::string_view, 5> k_registered = {"iss", "aud", "exp", "nbf", "iat"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto& [key, name] = names[i];
        if (name->empty())
            throw config_error(fmt::format("{}: must name a claim of the issuer's tokens", key));
        if (std::find(k_registered.begin(), k_registered.end(), *name) != k_registered.end())
            throw config_error(
                fmt::format("{}: '{}' is a registered claim that ordercast checks itself; name the claim "
                            "that carries the "
                            "value",
                            key, *name));
        for (std::size_t j = 0; j < i; ++j)
            if (*names[j].second == *name)
                throw config_error(
                    fmt::format("{}: '{}' is already the claim of {}; each must be its own claim", key, *name,
                                names[j].first));
    }
}

}  // namespace ordercast::auth

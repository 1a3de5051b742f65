#include "app/profiles.hpp"

#include <fmt/format.h>

namespace ordercast::app {

std::optional<std::string_view> find_profile(std::string_view name) noexcept {
    for (const profile& p : shipped_profiles())
        if (p.name == name) return p.yaml;
    return std::nullopt;
}

std::string profile_names() {
    std::string out;
    for (const profile& p : shipped_profiles()) out += fmt::format("{}{}", out.empty() ? "" : ", ", p.name);
    return out;
}

}  // namespace ordercast::app

#pragma once
// The profiles shipped in the binary: one per seed system (profiles/NAME.yaml, embedded at
// build time). A profile is ordinary configuration that makes the choices a seed's clients
// depend on (status names, paths, limits, token claims, anonymous access), so that its own
// client code runs unchanged; the user's file and environment still override it.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ordercast::app {

struct profile {
    std::string_view name;  // "restaurant"
    std::string_view yaml;  // its configuration, as profiles/NAME.yaml holds it
};

// Every shipped profile, sorted by name.
std::span<const profile> shipped_profiles() noexcept;

// The YAML of the profile `name`; nullopt when no profile has that name.
std::optional<std::string_view> find_profile(std::string_view name) noexcept;

// "factory, manufacturing, restaurant, scheduler, shop", for messages and --help.
std::string profile_names();

}  // namespace ordercast::app

#pragma once
// The generic half of ordercast's configuration. A module declares its own section: a struct
// whose member initialisers are the defaults, and a table of its keys (name, bounds, help)
// built with core::key<&section::member>(...), whose type follows the member's. The
// composition root binds every section into one configuration object and lists them once, in
// the order `ordercast config` prints them; core loads that list (YAML file, then environment),
// parses each value by its type and names the key in every error.
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ordercast::core {

struct config;

// Thrown for any invalid configuration; the message names the key and says what to do.
class config_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class setting_type { i32, i64, text, list, boolean };

// One key of a section. `field` returns the member inside a section struct passed as void*.
struct setting {
    std::string_view name;  // "port"
    setting_type type;
    std::int64_t min;  // integers only: the accepted range
    std::int64_t max;
    void* (*field)(void* section);
    std::string_view help;
};

namespace detail {
template <class>
struct member_of;
template <class C, class T>
struct member_of<T C::*> {
    using owner = C;
    using type = T;
};

template <class T>
constexpr setting_type setting_type_of() {
    if constexpr (std::is_same_v<T, int>)
        return setting_type::i32;
    else if constexpr (std::is_same_v<T, std::int64_t>)
        return setting_type::i64;
    else if constexpr (std::is_same_v<T, std::string>)
        return setting_type::text;
    else if constexpr (std::is_same_v<T, std::vector<std::string>>)
        return setting_type::list;
    else {
        static_assert(std::is_same_v<T, bool>,
                      "a setting is an int, std::int64_t, std::string, "
                      "std::vector<std::string> or bool");
        return setting_type::boolean;
    }
}
}  // namespace detail

// A string, list or boolean key stored in `member`.
template <auto member>
constexpr setting key(std::string_view name, std::string_view help) {
    using m = detail::member_of<decltype(member)>;
    return {name,
            detail::setting_type_of<typename m::type>(),
            0,
            0,
            [](void* section) -> void* { return &(static_cast<typename m::owner*>(section)->*member); },
            help};
}

// An integer key stored in `member`, accepted in min..max.
template <auto member>
constexpr setting key(std::string_view name, std::int64_t min, std::int64_t max, std::string_view help) {
    setting s = key<member>(name, help);
    s.min = min;
    s.max = max;
    return s;
}

// A module's section: its name ("orders") and its keys, in the order they are listed.
struct config_section {
    std::string_view name;
    std::span<const setting> keys;
};

// A section placed in the configuration object: `locate` finds its struct in a root that
// derives from core::config (the composition root's type, `Root`).
struct bound_section {
    const config_section* section;
    void* (*locate)(config& root);
};

// Binds `section` to the member of `Root` that holds its struct.
template <class Root, auto member>
constexpr bound_section bind_section(const config_section& section) {
    return {&section, [](config& root) -> void* { return &(static_cast<Root&>(root).*member); }};
}

// One row per key, for `ordercast config` and docs/configuration.md.
struct config_key_doc {
    std::string name;  // "server.port"
    std::string env;   // "ORDERCAST_SERVER_PORT"
    std::string type;
    std::string default_value;
    std::string help;
};

// "ORDERCAST_<SECTION>_<KEY>", upper case.
std::string environment_name(std::string_view section, std::string_view key);

}  // namespace ordercast::core

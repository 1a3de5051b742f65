#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/channel_name.hpp"
#include "auth/permission_pattern.hpp"
#include "auth/principal.hpp"
#include "auth/role.hpp"

namespace ordercast::auth {

// role name -> channel templates joined on connect; the `auto_join` section of the config.
// A template is a channel name whose segments may be {sub}, {site} or {stations}
// ({stations} yields one channel per station); no wildcards, no flags.
using auto_join_table = std::map<std::string, std::vector<std::string>>;

// customer: orders:customer:{sub}, user:{sub}; employee/operator: orders:employee:{sub},
// user:{sub}, site:{site}:staff; manager: user:{sub}, site:{site}:alerts; admin/service: none.
const auto_join_table& default_auto_join_table();

// The compiled table. Immutable after construction; safe to share between threads.
class auto_join_rules {
public:
    auto_join_rules();  // the default table

    // Throws config_error listing every unknown role and malformed template, quoting it.
    explicit auto_join_rules(const auto_join_table& table);

    // The canonical channels `who` joins on connect, in table order, without duplicates.
    // A template using a placeholder the principal lacks (no site, no stations) is skipped,
    // as is one whose filled-in name is not a valid channel (a claim with odd characters).
    // The caller still runs them through permission_rules like any subscription.
    [[nodiscard]] std::vector<channel_name> auto_join_channels(const principal& who) const;

private:
    struct template_segment {
        std::optional<auth::placeholder> placeholder;  // set: fill in; unset: `literal`
        std::string literal;
    };
    using channel_template = std::vector<template_segment>;

    std::array<std::vector<channel_template>, k_all_roles.size()> by_role_;
};

}  // namespace ordercast::auth

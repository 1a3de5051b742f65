#include "app/exposure_warnings.hpp"

#include <fmt/format.h>

namespace ordercast::app {

std::vector<std::string> exposure_warnings(const settings& cfg) {
    std::vector<std::string> out;
    const auto& factory = cfg.dialect_factory;
    if (!factory.anonymous_role.empty() && !factory.paths.empty())
        out.push_back(fmt::format(
            "dialect_factory.anonymous_role is '{}': anyone who can reach {} without a token reads what that "
            "role reads{} (orders, the queue, alerts, system status), read-only. Set it to \"\" to require "
            "tokens, or keep the port on a trusted network",
            factory.anonymous_role, fmt::join(factory.paths, ", "),
            factory.anonymous_site.empty() ? std::string()
                                           : fmt::format(" at site '{}'", factory.anonymous_site)));
    const auto& shop = cfg.dialect_shop;
    if (shop.allow_anonymous && !shop.paths.empty())
        out.push_back(fmt::format(
            "dialect_shop.allow_anonymous is true: anyone who can reach {} without a token reads the order "
            "updates of the customer whose id the path names, read-only. Set it to false to require tokens",
            fmt::join(shop.paths, ", ")));
    if (!cfg.auth.require_exp)
        out.push_back(
            "auth.require_exp is false: tokens without an expiry (exp) are accepted and never expire; a "
            "leaked token stays valid until the signing key changes");
    return out;
}

}  // namespace ordercast::app

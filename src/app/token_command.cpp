// `ordercast token`: mints an HS256 token for the configured (or development) secret.
#include <fmt/format.h>

#include <iostream>

#include "app/options.hpp"
#include "auth/jwt_signer.hpp"
#include "auth/role.hpp"

namespace ordercast::app {

int token_command(const core::config& cfg, const token_options& opts) {
    if (cfg.auth.jwt_algorithm != "HS256") {
        std::cerr << fmt::format(
            "ordercast token: auth.jwt_algorithm is {}; tokens for a public key are minted by "
            "whoever holds the private key, not by this server\n",
            cfg.auth.jwt_algorithm);
        return 2;
    }
    auto role = auth::parse_role(opts.role);
    if (!role) {
        std::cerr << fmt::format(
            "ordercast token: --role '{}' is not a role; use customer, employee, operator, "
            "manager, admin or service\n",
            opts.role);
        return 2;
    }
    if (opts.ttl <= 0) {
        std::cerr << "ordercast token: --ttl must be a positive number of seconds\n";
        return 2;
    }
    std::string secret = cfg.development_mode ? development_secret(cfg) : cfg.auth.jwt_secret;
    auth::token_claims claims;
    claims.subject = opts.sub;
    claims.role = *role;
    claims.site = opts.site;
    std::string_view rest = opts.stations;
    while (!rest.empty()) {
        auto comma = rest.find(',');
        if (auto item = rest.substr(0, comma); !item.empty()) claims.stations.emplace_back(item);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    claims.issuer = cfg.auth.issuer;
    claims.audience = cfg.auth.audience;
    std::cout << auth::mint_hs256(secret, claims, std::chrono::seconds(opts.ttl)) << "\n";
    return 0;
}

}  // namespace ordercast::app

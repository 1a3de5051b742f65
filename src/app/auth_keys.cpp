#include "app/auth_keys.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "net/http_fetch.hpp"

namespace ordercast::app {
namespace {

std::string read_file(const std::string& path, const char* key) {
    std::ifstream in(path);
    if (!in) throw core::config_error(fmt::format("{}: cannot read '{}'", key, path));
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

auth::claim_mapping claim_mapping_from(const core::auth_config& cfg) {
    auth::claim_mapping m;
    m.user = cfg.claims_user;
    m.role = cfg.claims_role;
    m.site = cfg.claims_site;
    m.stations = cfg.claims_stations;
    m.role_map = auth::parse_role_map(cfg.role_map);
    auth::validate_claim_mapping(m);
    return m;
}

std::shared_ptr<auth::jwks_cache> open_jwks(const core::config& cfg) {
    if (cfg.auth.jwks_url.empty()) return nullptr;
    auth::jwks_cache::options o;
    o.url = cfg.auth.jwks_url;
    o.algorithm = *auth::parse_jwt_algorithm(cfg.auth.jwt_algorithm);
    o.min_refresh_interval = std::chrono::seconds(cfg.auth.jwks_refresh_limit_s);
    o.max_age = std::chrono::seconds(cfg.auth.jwks_max_age_s);
    const std::chrono::milliseconds timeout(cfg.auth.jwks_timeout_ms);
    return std::make_shared<auth::jwks_cache>(
        std::move(o), [url = cfg.auth.jwks_url, timeout] { return net::http_get(url, timeout); });
}

auth::jwt_key_config key_config(const core::config& cfg, std::shared_ptr<auth::jwks_cache> jwks) {
    auth::jwt_key_config k;
    k.algorithm = *auth::parse_jwt_algorithm(cfg.auth.jwt_algorithm);
    if (k.algorithm == auth::jwt_algorithm::hs256)
        k.secret = cfg.auth.jwt_secret;
    else if (jwks)
        k.jwks = std::move(jwks);
    else
        k.public_key_pem = read_file(cfg.auth.jwt_public_key_file, "auth.jwt_public_key_file");
    k.issuer = cfg.auth.issuer;
    k.audience = cfg.auth.audience;
    k.leeway_seconds = cfg.auth.leeway_s;
    k.require_exp = cfg.auth.require_exp;
    k.claims = claim_mapping_from(cfg.auth);
    return k;
}

}  // namespace ordercast::app

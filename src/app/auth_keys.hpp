#pragma once
// The token verifier's configuration from the `auth` section: the key (secret, PEM file or the
// issuer's JWKS endpoint), the claim names and role map, and the start-up warnings about what
// the configuration accepts.
#include <memory>

#include "auth/claim_mapping.hpp"
#include "auth/jwks_cache.hpp"
#include "auth/jwt_verifier.hpp"
#include "core/config.hpp"

namespace ordercast::app {

// auth.claims.* and auth.role_map. Throws auth::config_error naming the key.
auth::claim_mapping claim_mapping_from(const core::auth_config& cfg);

// The issuer's keys when auth.jwks_url is set (fetched now: throws auth::config_error when
// they cannot be), else null.
std::shared_ptr<auth::jwks_cache> open_jwks(const core::config& cfg);

// Everything jwt_verifier needs; reads auth.jwt_public_key_file. `jwks` from open_jwks.
auth::jwt_key_config key_config(const core::config& cfg, std::shared_ptr<auth::jwks_cache> jwks);

}  // namespace ordercast::app

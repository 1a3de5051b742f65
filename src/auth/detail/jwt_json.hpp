#pragma once

// JOSE header and JWT claims parsing with simdjson. Private to the auth module.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/claim_mapping.hpp"
#include "core/result.hpp"

namespace ordercast::auth::detail {

struct jose_header {
    std::string alg;
    std::optional<std::string> kid;  // the key the issuer signed with (JWKS); nullopt: none named
};

// The registered and ordercast claims; absent claims stay empty/nullopt. `sub`, `role`, `site`
// and `stations` are read from the claims the claim_mapping names (`sub` holds the user).
// `sub` and `role` stay nullopt also when present with a value of another type, so the
// verifier reports them as missing_subject / invalid_role rather than malformed.
struct jwt_claims {
    std::optional<std::string> sub;
    std::optional<std::string> role;
    std::string site;
    std::vector<std::string> stations;
    std::optional<std::string> iss;
    std::vector<std::string> aud;
    std::optional<std::int64_t> exp;
    std::optional<std::int64_t> nbf;
    std::optional<std::int64_t> iat;
};

// Both parsers read the JSON text in `buffer` and may append padding bytes to it
// (simdjson reads past the end), so the caller must pass a scratch buffer it owns.
// On failure they return one sentence saying what is wrong with the JSON.
// Duplicate member names for the fields we read are refused (RFC 7515 §4).
// A header with "crit" is refused: ordercast understands no critical extension.
core::result<jose_header, std::string> parse_jose_header(std::string& buffer);
core::result<jwt_claims, std::string> parse_jwt_claims(std::string& buffer, const claim_mapping& names);

}  // namespace ordercast::auth::detail

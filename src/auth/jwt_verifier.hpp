#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "auth/claim_mapping.hpp"
#include "auth/error.hpp"
#include "auth/jwt_algorithm.hpp"
#include "auth/principal.hpp"
#include "core/result.hpp"

namespace ordercast::auth {

class jwks_cache;

// A principal's expires_at when the token has no `exp` and auth.require_exp is false:
// 9999-12-31T23:59:59Z, far enough to never pass and small enough to count in milliseconds.
inline constexpr std::int64_t k_no_expiry = 253402300799;

// How tokens are checked; built from the `auth` section of the config file, whose key
// names the construction errors quote (auth.jwt_secret, auth.jwt_public_key_file, ...).
struct jwt_key_config {
    jwt_algorithm algorithm = jwt_algorithm::hs256;
    std::string secret;                // hs256 only: the shared secret, as raw bytes
    std::string public_key_pem;        // rs256/es256 only: the PEM text (not a file name) of a
                                       // "PUBLIC KEY", "RSA PUBLIC KEY" or "CERTIFICATE" block
    std::shared_ptr<jwks_cache> jwks;  // rs256/es256 instead of the PEM: the issuer's published keys
    std::string issuer;                // empty: `iss` is not checked
    std::string audience;              // empty: `aud` is not checked
    std::int64_t leeway_seconds = 30;  // clock skew tolerated on `exp` and `nbf`, 0..86400
    bool require_exp = true;           // false: a token without `exp` never expires (k_no_expiry)
    claim_mapping claims;              // which claims carry user, role, site and stations
};

// Verifies compact JWS tokens (RFC 7515/7519) against one configured key, or against the key
// of an issuer's published set (JWKS) that the token's `kid` names.
//
// Thread safety: verify() is const and may run concurrently on any number of threads;
// the configuration is immutable after construction, a JWKS set is replaced atomically by its
// cache. Copies share the key.
class jwt_verifier {
public:
    // Longer tokens are refused as malformed before any decoding.
    static constexpr std::size_t k_max_token_size = 8192;

    // Throws config_error, naming the problem and the fix, when the secret is empty or
    // looks like a PEM (the setup of the HS256/public-key confusion attack), the PEM is
    // unreadable or private, or the key does not fit the algorithm (RS256: RSA >= 2048
    // bits; ES256: EC P-256); also for a claim mapping validate_claim_mapping refuses.
    explicit jwt_verifier(const jwt_key_config& config);

    // Returns the principal, or why the token is refused. `now_seconds` is Unix time.
    // Checks, in order: shape and size, base64url, header JSON, `alg` equals the
    // configured algorithm exactly (so "none", or HS256 when a public key is configured,
    // is algorithm_not_allowed), the key (JWKS: the one `kid` names; unknown_key, and a
    // refresh of the set asked for, when the set lacks it), signature, claims JSON, `iss`,
    // `aud`, `exp` (required unless require_exp is false; missing is malformed), `nbf`, the user
    // claim (missing_subject), the role claim through the role map (invalid_role). The failure
    // message never quotes the token.
    [[nodiscard]] core::result<principal, auth_failure> verify(std::string_view token,
                                                               std::int64_t now_seconds) const;

    [[nodiscard]] jwt_algorithm algorithm() const noexcept;
    // Unique in this process to the keys the verifier checks against now (copies share it):
    // tells a cache of verified tokens which keys accepted them, even where an address was
    // reused. With JWKS it changes whenever the set is replaced, so a token signed with a key
    // the issuer withdrew is checked again, and refused.
    [[nodiscard]] std::uint64_t key_id() const noexcept;

private:
    struct key_state;
    std::shared_ptr<const key_state> key_;
    std::uint64_t key_id_;
};

}  // namespace ordercast::auth

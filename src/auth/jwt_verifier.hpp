#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "auth/error.hpp"
#include "auth/jwt_algorithm.hpp"
#include "auth/principal.hpp"
#include "core/result.hpp"

namespace ordercast::auth {

// How tokens are checked; built from the `auth` section of the config file, whose key
// names the construction errors quote (auth.jwt_secret, auth.jwt_public_key_file, ...).
struct jwt_key_config {
    jwt_algorithm algorithm = jwt_algorithm::hs256;
    std::string secret;                // hs256 only: the shared secret, as raw bytes
    std::string public_key_pem;        // rs256/es256 only: the PEM text (not a file name) of a
                                       // "PUBLIC KEY", "RSA PUBLIC KEY" or "CERTIFICATE" block
    std::string issuer;                // empty: `iss` is not checked
    std::string audience;              // empty: `aud` is not checked
    std::int64_t leeway_seconds = 30;  // clock skew tolerated on `exp` and `nbf`, 0..86400
};

// Verifies compact JWS tokens (RFC 7515/7519) against one configured key.
//
// Thread safety: verify() is const and may run concurrently on any number of threads;
// the key is immutable after construction. Copies share the key.
class jwt_verifier {
public:
    // Longer tokens are refused as malformed before any decoding.
    static constexpr std::size_t k_max_token_size = 8192;

    // Throws config_error, naming the problem and the fix, when the secret is empty or
    // looks like a PEM (the setup of the HS256/public-key confusion attack), the PEM is
    // unreadable or private, or the key does not fit the algorithm (RS256: RSA >= 2048
    // bits; ES256: EC P-256).
    explicit jwt_verifier(const jwt_key_config& config);

    // Returns the principal, or why the token is refused. `now_seconds` is Unix time.
    // Checks, in order: shape and size, base64url, header JSON, `alg` equals the
    // configured algorithm exactly (so "none", or HS256 when a public key is configured,
    // is algorithm_not_allowed), signature, claims JSON, `iss`, `aud`, `exp` (required;
    // missing is malformed), `nbf`, `sub`, `role`. The failure message never quotes the token.
    [[nodiscard]] core::result<principal, auth_failure> verify(std::string_view token,
                                                               std::int64_t now_seconds) const;

    [[nodiscard]] jwt_algorithm algorithm() const noexcept;
    // Unique in this process to the verifier's key (copies share it): tells a cache of
    // verified tokens which verifier accepted them, even where an address was reused.
    [[nodiscard]] std::uint64_t key_id() const noexcept { return key_id_; }

private:
    struct key_state;
    std::shared_ptr<const key_state> key_;
    std::uint64_t key_id_;
};

}  // namespace ordercast::auth

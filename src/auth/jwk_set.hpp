#pragma once
// A JSON Web Key Set (RFC 7517 §5) as an issuer publishes it at its JWKS endpoint: the public
// keys its tokens may be signed with, each named by its `kid`.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/jwt_algorithm.hpp"
#include "core/result.hpp"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace ordercast::auth {

// Immutable once parsed; shared by every thread that verifies tokens.
class jwk_set {
public:
    // Parses a JWKS document and keeps the keys that can verify tokens of `algorithm`:
    // kty "RSA" with n and e (RS256, at least 2048 bits) or kty "EC" with crv "P-256", x and y
    // (ES256); "use" absent or "sig"; "alg" absent or equal to `algorithm`. Other keys (another
    // type or algorithm, an encryption key, a broken one) are skipped, each with a sentence in
    // skipped(), so one key the server cannot use does not take the issuer's others with it.
    // Returns the set, or a sentence saying why the document is refused: not a JSON object
    // with a "keys" array, two keys with the same kid, or no usable key at all.
    static core::result<std::shared_ptr<const jwk_set>, std::string> parse(std::string_view json,
                                                                           jwt_algorithm algorithm);

    ~jwk_set();
    jwk_set(const jwk_set&) = delete;
    jwk_set& operator=(const jwk_set&) = delete;

    // The key named `kid`, or nullptr. Valid while the set lives.
    [[nodiscard]] evp_pkey_st* find(std::string_view kid) const noexcept;
    // The key for a token that names none: the set's only key, or nullptr when it holds several
    // (then a token must say which one it was signed with).
    [[nodiscard]] evp_pkey_st* sole_key() const noexcept;

    [[nodiscard]] std::vector<std::string_view> kids() const;
    [[nodiscard]] std::size_t size() const noexcept;
    [[nodiscard]] const std::vector<std::string>& skipped() const noexcept { return skipped_; }
    // Unique in the process to this set (see detail/key_generation.hpp).
    [[nodiscard]] std::uint64_t generation() const noexcept { return generation_; }

private:
    struct key;
    jwk_set();
    std::vector<key> keys_;
    std::vector<std::string> skipped_;
    std::uint64_t generation_;
};

}  // namespace ordercast::auth

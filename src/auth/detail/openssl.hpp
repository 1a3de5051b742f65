#pragma once

// Thin RAII wrappers and helpers over OpenSSL 3. Private to the auth module.
// Every function here leaves the calling thread's OpenSSL error queue empty,
// so one failed token cannot leave stale errors for unrelated code.

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ordercast::auth::detail {

struct pkey_deleter {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_deleter>;

// Drains the thread's OpenSSL error queue into one line ("" when empty).
std::string take_openssl_errors();

// Loads a public key from PEM text: SubjectPublicKeyInfo ("PUBLIC KEY"),
// PKCS#1 ("RSA PUBLIC KEY") or an X.509 certificate ("CERTIFICATE").
// A private key PEM is refused on purpose: configuration should hold public keys only.
// The error is a sentence fit for a configuration error message.
core::result<pkey_ptr, std::string> load_public_key_pem(std::string_view pem);

// Public keys from JWK members (RFC 7518 §6), each a base64url-decoded big-endian integer:
// RSA from its modulus `n` and exponent `e`; EC P-256 from its coordinates `x` and `y` (32
// bytes each, the point checked to lie on the curve). The error is a sentence.
core::result<pkey_ptr, std::string> rsa_public_key(std::string_view n, std::string_view e);
core::result<pkey_ptr, std::string> ec_p256_public_key(std::string_view x, std::string_view y);

// Loads a private key (PKCS#8 or traditional PEM). For signing in tests and the CLI.
core::result<pkey_ptr, std::string> load_private_key_pem(std::string_view pem);

// Checks that `key` suits the algorithm: RS256 needs RSA of at least 2048 bits,
// ES256 needs EC on P-256. Returns "" when it does, else what is wrong.
std::string describe_key_mismatch(EVP_PKEY* key, std::string_view alg_header_name);

using sha256_mac = std::array<unsigned char, 32>;

// HMAC-SHA256 via EVP_MAC. Returns false only if OpenSSL itself fails.
bool hmac_sha256(std::string_view key, std::string_view data, sha256_mac& out);

// EVP_DigestVerify with SHA-256; true iff `signature` is valid for `data`.
bool verify_sha256(EVP_PKEY* key, std::string_view data, std::string_view signature);

// EVP_DigestSign with SHA-256; empty on failure. For ECDSA the result is DER.
std::string sign_sha256(EVP_PKEY* key, std::string_view data);

// JWS ES256 carries r||s as two 32-byte big-endian integers; OpenSSL wants DER.
// Returns false when `raw` is not 64 bytes.
bool ecdsa_raw_to_der(std::string_view raw, std::string& der);
// The reverse, for signing; false when `der` is not an ECDSA signature that fits.
bool ecdsa_der_to_raw(std::string_view der, std::string& raw);

}  // namespace ordercast::auth::detail

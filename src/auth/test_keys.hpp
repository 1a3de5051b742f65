#pragma once

// Key pairs generated at test time with OpenSSL's EVP_PKEY APIs; test-only.

#include <string>
#include <string_view>

namespace ordercast::auth::test {

struct key_pair {
    std::string private_pem;  // PKCS#8 "PRIVATE KEY"
    std::string public_pem;   // SubjectPublicKeyInfo "PUBLIC KEY"
};

// Generated once per test process and cached (RSA generation is slow).
const key_pair& rsa_2048();
const key_pair& rsa_2048_other();  // a second, unrelated RSA key
const key_pair& ec_p256();
const key_pair& ec_p256_other();

// The public half as a JWK object (RFC 7517) named `kid`: kty RSA with n and e, or kty EC with
// crv P-256, x and y; `extra` members (e.g. "\"use\":\"enc\"") are appended verbatim.
std::string public_jwk(const key_pair& pair, std::string_view kid, std::string_view extra = {});

// Generated on each call.
key_pair generate_rsa(unsigned bits);
key_pair generate_ec(const char* curve);

}  // namespace ordercast::auth::test

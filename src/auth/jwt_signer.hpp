#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/claim_mapping.hpp"
#include "auth/role.hpp"

namespace ordercast::auth {

// Token production: `ordercast token` mints development tokens with mint_hs256; the
// sign_* functions exist so tests can produce valid and adversarial tokens. The server
// itself never signs. All of them throw config_error for an unusable key.

// What a minted token says about its holder.
struct token_claims {
    std::string subject;
    auth::role role = auth::role::customer;
    std::string site;                   // omitted when empty
    std::vector<std::string> stations;  // omitted when empty
    std::string issuer;                 // omitted when empty
    std::string audience;               // omitted when empty
    // The claim names the server reads (auth.claims.*), and the role written as the issuer
    // names it (the first auth.role_map entry for the role, else ordercast's name).
    claim_mapping names;
};

// The payload JSON: {"sub","role","site"?,"stations"?,"iss"?,"aud"?,"iat","exp"}, the first
// four under claims.names.
std::string render_claims_json(const token_claims& claims, std::int64_t issued_at, std::int64_t expires_at);

// An HS256 token valid from `now_seconds` (default: the system clock) for `ttl`.
std::string mint_hs256(std::string_view secret, const token_claims& claims, std::chrono::seconds ttl);
std::string mint_hs256(std::string_view secret, const token_claims& claims, std::chrono::seconds ttl,
                       std::int64_t now_seconds);

// A token with header {"alg":<alg>,"typ":"JWT"} over `payload_json`, taken verbatim; with a
// `kid`, the header names the key (as an issuer publishing a JWKS does).
std::string sign_hs256(std::string_view secret, std::string_view payload_json);
std::string sign_rs256(std::string_view private_key_pem, std::string_view payload_json,
                       std::string_view kid = {});
std::string sign_es256(std::string_view private_key_pem, std::string_view payload_json,
                       std::string_view kid = {});

// How sign_with_alg_header computes the signature, independently of what the header says.
enum class signing_method { none, hs256, rs256, es256 };

// For adversarial tests: the header claims `header_alg` (written verbatim, e.g. "none"
// or "HS256") while the signature is made with `method` and `key` (a secret's bytes for
// hs256, a private key PEM for rs256/es256, ignored for none, which leaves the signature
// empty). HS256 keyed with a public key PEM's bytes reproduces the confusion attack.
std::string sign_with_alg_header(std::string_view header_alg, signing_method method, std::string_view key,
                                 std::string_view payload_json, std::string_view kid = {});

}  // namespace ordercast::auth

#pragma once
// JWT minting for tests, including tokens a correct server must refuse.
//
// Built independently of the server's auth module (OpenSSL primitives and a hand-written
// JSON encoder), so a shared bug cannot make both sides agree on a wrong token.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ordercast::test {

// Claims of a token; absent optionals are left out of the payload.
struct jwt_claims {
    std::optional<std::string> sub;
    std::optional<std::string> role;
    std::optional<std::string> site;
    std::vector<std::string> stations;  // omitted when empty
    std::optional<std::int64_t> iat;
    std::optional<std::int64_t> nbf;
    std::optional<std::int64_t> exp;
    std::optional<std::string> iss;
    std::optional<std::string> aud;
    // Other string claims, in order, as an issuer with its own claim names writes them
    // ({"userId", "u1"}, {"branchId", "b1"}).
    std::vector<std::pair<std::string, std::string>> strings;
};

// Seconds since the Unix epoch, now.
std::int64_t unix_now();

// A claim set valid for `ttl_s` seconds from now (iat now, exp now + ttl).
jwt_claims make_claims(std::string sub, std::string role, std::string site = {},
                       std::vector<std::string> stations = {}, std::int64_t ttl_s = 3600);

std::string claims_json(const jwt_claims& claims);
std::string base64url(std::string_view bytes);

// Signed tokens. `header_alg` is what the header claims; it normally matches the key.
std::string sign_hs256(const jwt_claims& claims, std::string_view secret,
                       std::string_view header_alg = "HS256");
std::string sign_rs256(const jwt_claims& claims, std::string_view private_key_pem);
std::string sign_es256(const jwt_claims& claims, std::string_view private_key_pem);
// {"alg":"none"} with an empty signature: the classic unsigned token.
std::string unsigned_token(const jwt_claims& claims);

}  // namespace ordercast::test

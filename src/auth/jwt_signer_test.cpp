#include "auth/jwt_signer.hpp"

#include <gtest/gtest.h>

#include "auth/base64url.hpp"
#include "auth/error.hpp"
#include "auth/jwt_verifier.hpp"
#include "auth/test_keys.hpp"
#include "auth/token_redaction.hpp"

namespace ordercast::auth {
namespace {

constexpr std::int64_t k_now = 1'700'000'000;
const std::string k_secret = "0123456789abcdef0123456789abcdef";

std::string part(const std::string& token, int index) {
    std::size_t start = 0;
    for (int i = 0; i < index; ++i) start = token.find('.', start) + 1;
    const std::size_t end = token.find('.', start);
    std::string out;
    EXPECT_TRUE(base64url_decode(token.substr(start, end - start), out));
    return out;
}

TEST(jwt_signer, minted_token_round_trips_through_the_verifier) {
    token_claims claims;
    claims.subject = "emp-7";
    claims.role = role::manager;
    claims.site = "cafe_1";
    claims.stations = {"c1", "c2"};
    claims.issuer = "ordercast";
    claims.audience = "ordercast-ws";
    const std::string token = mint_hs256(k_secret, claims, std::chrono::hours(1), k_now);

    jwt_key_config c;
    c.secret = k_secret;
    c.issuer = "ordercast";
    c.audience = "ordercast-ws";
    auto r = jwt_verifier(c).verify(token, k_now);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->user_id, "emp-7");
    EXPECT_EQ(r->role, role::manager);
    EXPECT_EQ(r->site, "cafe_1");
    EXPECT_EQ(r->stations, claims.stations);
    EXPECT_EQ(r->expires_at, k_now + 3600);
}

TEST(jwt_signer, minted_token_expires_after_its_ttl) {
    token_claims claims;
    claims.subject = "u";
    const std::string token = mint_hs256(k_secret, claims, std::chrono::seconds(60), k_now);
    jwt_key_config c;
    c.secret = k_secret;
    c.leeway_seconds = 0;
    const jwt_verifier v(c);
    EXPECT_TRUE(v.verify(token, k_now + 59).ok());
    ASSERT_FALSE(v.verify(token, k_now + 60).ok());
    EXPECT_EQ(v.verify(token, k_now + 60).error().code, errc::expired);
}

TEST(jwt_signer, mint_without_clock_argument_uses_system_time) {
    token_claims claims;
    claims.subject = "u";
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    jwt_key_config c;
    c.secret = k_secret;
    auto r = jwt_verifier(c).verify(mint_hs256(k_secret, claims, std::chrono::minutes(5)), now);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_NEAR(static_cast<double>(r->expires_at), static_cast<double>(now + 300), 5.0);
}

TEST(jwt_signer, claims_json_escapes_strings) {
    token_claims claims;
    claims.subject = "a\"b\\c\n";
    EXPECT_EQ(render_claims_json(claims, 1, 2), R"({"sub":"a\"b\\c\n","role":"customer","iat":1,"exp":2})");
}

TEST(jwt_signer, header_names_the_algorithm_and_type) {
    EXPECT_EQ(part(sign_hs256(k_secret, "{}"), 0), R"({"alg":"HS256","typ":"JWT"})");
    EXPECT_EQ(part(sign_rs256(test::rsa_2048().private_pem, "{}"), 0), R"({"alg":"RS256","typ":"JWT"})");
    EXPECT_EQ(part(sign_with_alg_header("none", signing_method::none, "", "{}"), 0),
              R"({"alg":"none","typ":"JWT"})");
}

TEST(jwt_signer, signature_sizes_follow_jwa) {
    EXPECT_EQ(part(sign_hs256(k_secret, "{}"), 2).size(), 32u);
    EXPECT_EQ(part(sign_rs256(test::rsa_2048().private_pem, "{}"), 2).size(), 256u);
    // ES256 is raw r||s, not DER, whatever the lengths of r and s.
    for (int i = 0; i < 20; ++i) {
        EXPECT_EQ(
            part(sign_es256(test::ec_p256().private_pem, "{\"n\":" + std::to_string(i) + "}"), 2).size(),
            64u);
    }
}

TEST(jwt_signer, alg_none_has_an_empty_signature) {
    const std::string token = sign_with_alg_header("none", signing_method::none, "", "{}");
    EXPECT_EQ(token.back(), '.');
}

TEST(jwt_signer, unusable_keys_throw_config_error) {
    EXPECT_THROW(sign_hs256("", "{}"), config_error);
    EXPECT_THROW(sign_rs256("not a pem", "{}"), config_error);
    EXPECT_THROW(sign_rs256(test::ec_p256().private_pem, "{}"), config_error);
    EXPECT_THROW(sign_es256(test::rsa_2048().private_pem, "{}"), config_error);
}

TEST(token_redaction, redacted_form_hides_the_token_but_identifies_it) {
    const std::string token = sign_hs256(k_secret, R"({"sub":"u"})");
    const std::string redacted = redact_token(token);
    EXPECT_EQ(redacted.find(token.substr(0, 8)), std::string::npos);
    EXPECT_EQ(redacted.find(token.substr(token.rfind('.') + 1, 8)), std::string::npos);
    EXPECT_NE(redacted.find("len=" + std::to_string(token.size())), std::string::npos);
    EXPECT_EQ(redacted, redact_token(token));
    EXPECT_NE(redacted, redact_token(token + "x"));
    EXPECT_EQ(redact_token(""), "<no token>");
}

}  // namespace
}  // namespace ordercast::auth

#include "auth/jwt_verifier.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <atomic>
#include <thread>

#include "auth/base64url.hpp"
#include "auth/jwt_signer.hpp"
#include "auth/test_keys.hpp"

namespace ordercast::auth {
namespace {

constexpr std::int64_t k_now = 1'700'000'000;
const std::string k_secret = "0123456789abcdef0123456789abcdef";

std::string payload(std::int64_t exp = k_now + 600, std::string_view extra = "") {
    std::string json = R"({"sub":"u1","role":"employee","site":"s1","stations":["c1","c2"],"iat":)" +
                       std::to_string(k_now) + ",\"exp\":" + std::to_string(exp);
    if (!extra.empty()) json += "," + std::string(extra);
    return json + "}";
}

jwt_key_config hs_config() {
    jwt_key_config c;
    c.algorithm = jwt_algorithm::hs256;
    c.secret = k_secret;
    return c;
}

jwt_key_config public_key_config(jwt_algorithm alg, const std::string& pem) {
    jwt_key_config c;
    c.algorithm = alg;
    c.public_key_pem = pem;
    return c;
}

// A token with arbitrary base64url parts, HS256-signed over exactly those parts, so
// tests can reach the checks that run after a valid signature.
std::string hs256_over_raw_parts(std::string_view header_b64, std::string_view payload_b64) {
    const std::string input = std::string(header_b64) + "." + std::string(payload_b64);
    unsigned char mac[32];
    unsigned int len = 0;
    HMAC(EVP_sha256(), k_secret.data(), static_cast<int>(k_secret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
    return input + "." + base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), len));
}

std::string hs256_over_json(std::string_view header_json, std::string_view payload_json) {
    return hs256_over_raw_parts(base64url_encode(header_json), base64url_encode(payload_json));
}

errc refusal(const jwt_verifier& v, std::string_view token, std::int64_t now = k_now) {
    auto r = v.verify(token, now);
    EXPECT_FALSE(r.ok()) << "token was accepted";
    return r.ok() ? errc{} : r.error().code;
}

// ---- valid tokens -------------------------------------------------------------------

TEST(jwt_verifier, hs256_token_yields_principal_with_all_claims) {
    const jwt_verifier v(hs_config());
    auto r = v.verify(sign_hs256(k_secret, payload()), k_now);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->user_id, "u1");
    EXPECT_EQ(r->role, role::employee);
    EXPECT_EQ(r->site, "s1");
    EXPECT_EQ(r->stations, (std::vector<std::string>{"c1", "c2"}));
    EXPECT_EQ(r->expires_at, k_now + 600);
}

TEST(jwt_verifier, rs256_token_verifies_with_public_key) {
    const jwt_verifier v(public_key_config(jwt_algorithm::rs256, test::rsa_2048().public_pem));
    auto r = v.verify(sign_rs256(test::rsa_2048().private_pem, payload()), k_now);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->user_id, "u1");
}

TEST(jwt_verifier, es256_token_verifies_with_public_key) {
    const jwt_verifier v(public_key_config(jwt_algorithm::es256, test::ec_p256().public_pem));
    auto r = v.verify(sign_es256(test::ec_p256().private_pem, payload()), k_now);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->user_id, "u1");
}

TEST(jwt_verifier, rs256_accepts_public_key_from_certificate) {
    auto key_bio = std::unique_ptr<BIO, decltype(&BIO_free)>(
        BIO_new_mem_buf(test::rsa_2048().private_pem.data(), -1), &BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
    ASSERT_TRUE(key && cert);
    X509_set_version(cert.get(), 2);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
    X509_set_pubkey(cert.get(), key.get());
    ASSERT_GT(X509_sign(cert.get(), key.get(), EVP_sha256()), 0);
    auto out = std::unique_ptr<BIO, decltype(&BIO_free)>(BIO_new(BIO_s_mem()), &BIO_free);
    PEM_write_bio_X509(out.get(), cert.get());
    char* data = nullptr;
    const long len = BIO_get_mem_data(out.get(), &data);

    const jwt_verifier v(
        public_key_config(jwt_algorithm::rs256, std::string(data, static_cast<std::size_t>(len))));
    EXPECT_TRUE(v.verify(sign_rs256(test::rsa_2048().private_pem, payload()), k_now).ok());
}

TEST(jwt_verifier, stations_may_be_a_comma_separated_string) {
    const jwt_verifier v(hs_config());
    auto r =
        v.verify(sign_hs256(k_secret, R"({"sub":"u1","role":"operator","stations":" m1, m2,,m3 ","exp":)" +
                                          std::to_string(k_now + 60) + "}"),
                 k_now);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->role, role::operator_);
    EXPECT_EQ(r->stations, (std::vector<std::string>{"m1", "m2", "m3"}));
    EXPECT_TRUE(r->site.empty());
}

TEST(jwt_verifier, every_known_role_is_accepted) {
    const jwt_verifier v(hs_config());
    for (role expected : k_all_roles) {
        const std::string json = R"({"sub":"u","role":")" + std::string(to_string(expected)) + R"(","exp":)" +
                                 std::to_string(k_now + 60) + "}";
        auto r = v.verify(sign_hs256(k_secret, json), k_now);
        ASSERT_TRUE(r.ok()) << to_string(expected);
        EXPECT_EQ(r->role, expected);
    }
}

TEST(jwt_verifier, fractional_numeric_dates_are_accepted) {
    const jwt_verifier v(hs_config());
    auto r = v.verify(
        sign_hs256(k_secret, R"({"sub":"u","role":"customer","exp":)" + std::to_string(k_now + 60) + ".75}"),
        k_now);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->expires_at, k_now + 60);
}

// ---- algorithm confusion --------------------------------------------------------------

TEST(jwt_verifier, alg_none_is_refused_in_every_spelling) {
    const jwt_verifier hs(hs_config());
    const jwt_verifier rs(public_key_config(jwt_algorithm::rs256, test::rsa_2048().public_pem));
    for (std::string_view alg : {"none", "None", "NONE"}) {
        const std::string token = sign_with_alg_header(alg, signing_method::none, "", payload());
        EXPECT_EQ(refusal(hs, token), errc::algorithm_not_allowed) << alg;
        EXPECT_EQ(refusal(rs, token), errc::algorithm_not_allowed) << alg;
    }
}

TEST(jwt_verifier, hs256_signed_with_the_rsa_public_key_is_refused) {
    const std::string& pem = test::rsa_2048().public_pem;
    const jwt_verifier v(public_key_config(jwt_algorithm::rs256, pem));
    const std::string token = sign_with_alg_header("HS256", signing_method::hs256, pem, payload());
    EXPECT_EQ(refusal(v, token), errc::algorithm_not_allowed);
}

TEST(jwt_verifier, hs256_signed_with_the_ec_public_key_is_refused) {
    const std::string& pem = test::ec_p256().public_pem;
    const jwt_verifier v(public_key_config(jwt_algorithm::es256, pem));
    EXPECT_EQ(refusal(v, sign_with_alg_header("HS256", signing_method::hs256, pem, payload())),
              errc::algorithm_not_allowed);
}

TEST(jwt_verifier, rs256_token_is_refused_when_hs256_is_configured) {
    const jwt_verifier v(hs_config());
    EXPECT_EQ(refusal(v, sign_rs256(test::rsa_2048().private_pem, payload())), errc::algorithm_not_allowed);
}

TEST(jwt_verifier, es256_token_is_refused_when_rs256_is_configured) {
    const jwt_verifier v(public_key_config(jwt_algorithm::rs256, test::rsa_2048().public_pem));
    EXPECT_EQ(refusal(v, sign_es256(test::ec_p256().private_pem, payload())), errc::algorithm_not_allowed);
}

TEST(jwt_verifier, header_alg_must_match_case_exactly) {
    const jwt_verifier v(hs_config());
    EXPECT_EQ(refusal(v, sign_with_alg_header("hs256", signing_method::hs256, k_secret, payload())),
              errc::algorithm_not_allowed);
}

TEST(jwt_verifier, algorithm_refusal_message_names_the_accepted_algorithm) {
    const jwt_verifier v(hs_config());
    auto r = v.verify(sign_with_alg_header("none", signing_method::none, "", payload()), k_now);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("HS256"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("'none'"), std::string::npos) << r.error().message;
}

// ---- signatures -----------------------------------------------------------------------

TEST(jwt_verifier, hs256_with_wrong_secret_is_bad_signature) {
    const jwt_verifier v(hs_config());
    EXPECT_EQ(refusal(v, sign_hs256("another secret entirely, 32 bytes!", payload())), errc::bad_signature);
}

TEST(jwt_verifier, rs256_with_wrong_key_is_bad_signature) {
    const jwt_verifier v(public_key_config(jwt_algorithm::rs256, test::rsa_2048().public_pem));
    EXPECT_EQ(refusal(v, sign_rs256(test::rsa_2048_other().private_pem, payload())), errc::bad_signature);
}

TEST(jwt_verifier, es256_with_wrong_key_is_bad_signature) {
    const jwt_verifier v(public_key_config(jwt_algorithm::es256, test::ec_p256().public_pem));
    EXPECT_EQ(refusal(v, sign_es256(test::ec_p256_other().private_pem, payload())), errc::bad_signature);
}

TEST(jwt_verifier, tampered_payload_is_bad_signature) {
    const jwt_verifier v(hs_config());
    const std::string token = sign_hs256(k_secret, payload());
    const std::size_t dot1 = token.find('.');
    const std::size_t dot2 = token.rfind('.');
    const std::string forged = R"({"sub":"u1","role":"admin","exp":)" + std::to_string(k_now + 600) + "}";
    const std::string tampered = token.substr(0, dot1 + 1) + base64url_encode(forged) + token.substr(dot2);
    EXPECT_EQ(refusal(v, tampered), errc::bad_signature);
}

TEST(jwt_verifier, tampered_rs256_and_es256_payloads_are_bad_signature) {
    const std::string forged = base64url_encode(payload(k_now + 99999));
    const auto swap_payload = [&](const std::string& token) {
        return token.substr(0, token.find('.') + 1) + forged + token.substr(token.rfind('.'));
    };
    const jwt_verifier rs(public_key_config(jwt_algorithm::rs256, test::rsa_2048().public_pem));
    const jwt_verifier es(public_key_config(jwt_algorithm::es256, test::ec_p256().public_pem));
    EXPECT_EQ(refusal(rs, swap_payload(sign_rs256(test::rsa_2048().private_pem, payload()))),
              errc::bad_signature);
    EXPECT_EQ(refusal(es, swap_payload(sign_es256(test::ec_p256().private_pem, payload()))),
              errc::bad_signature);
}

TEST(jwt_verifier, es256_signature_of_wrong_length_is_bad_signature) {
    const jwt_verifier v(public_key_config(jwt_algorithm::es256, test::ec_p256().public_pem));
    const std::string token = sign_es256(test::ec_p256().private_pem, payload());
    std::string signature;
    ASSERT_TRUE(base64url_decode(token.substr(token.rfind('.') + 1), signature));
    ASSERT_EQ(signature.size(), 64u);
    const std::string shorter =
        token.substr(0, token.rfind('.') + 1) + base64url_encode(signature.substr(0, 63));
    EXPECT_EQ(refusal(v, shorter), errc::bad_signature);
}

TEST(jwt_verifier, empty_signature_is_bad_signature) {
    const jwt_verifier v(hs_config());
    const std::string token = sign_hs256(k_secret, payload());
    EXPECT_EQ(refusal(v, token.substr(0, token.rfind('.') + 1)), errc::bad_signature);
}

TEST(jwt_verifier, truncated_signature_is_bad_signature) {
    const jwt_verifier v(hs_config());
    const std::string token = sign_hs256(k_secret, payload());
    // 43 characters -> 40: still canonical base64url, but 30 bytes instead of 32.
    EXPECT_EQ(refusal(v, token.substr(0, token.size() - 3)), errc::bad_signature);
}

// ---- malformed ------------------------------------------------------------------------

TEST(jwt_verifier, token_truncated_to_two_parts_is_malformed) {
    const jwt_verifier v(hs_config());
    const std::string token = sign_hs256(k_secret, payload());
    EXPECT_EQ(refusal(v, token.substr(0, token.rfind('.'))), errc::malformed);
    EXPECT_EQ(refusal(v, token.substr(0, token.find('.') / 2)), errc::malformed);
}

TEST(jwt_verifier, wrong_number_of_parts_or_empty_or_oversized_is_malformed) {
    const jwt_verifier v(hs_config());
    const std::string token = sign_hs256(k_secret, payload());
    EXPECT_EQ(refusal(v, ""), errc::malformed);
    EXPECT_EQ(refusal(v, token + ".x"), errc::malformed);
    EXPECT_EQ(refusal(v, std::string(jwt_verifier::k_max_token_size + 1, 'a')), errc::malformed);
}

TEST(jwt_verifier, bad_base64_in_any_part_is_malformed) {
    const jwt_verifier v(hs_config());
    const std::string good_header = base64url_encode(R"({"alg":"HS256"})");
    const std::string good_payload = base64url_encode(payload());
    EXPECT_EQ(refusal(v, hs256_over_raw_parts("eyJ+bGci", good_payload)), errc::malformed);
    EXPECT_EQ(refusal(v, hs256_over_raw_parts(good_header, good_payload + "==")), errc::malformed);
    EXPECT_EQ(refusal(v, hs256_over_raw_parts(good_header, "%%%%")), errc::malformed);
    const std::string token = hs256_over_raw_parts(good_header, good_payload);
    EXPECT_EQ(refusal(v, token.substr(0, token.rfind('.') + 1) + "abc$"), errc::malformed);
}

TEST(jwt_verifier, non_json_header_or_payload_is_malformed) {
    const jwt_verifier v(hs_config());
    EXPECT_EQ(refusal(v, hs256_over_json("not json", payload())), errc::malformed);
    EXPECT_EQ(refusal(v, hs256_over_json(R"(["HS256"])", payload())), errc::malformed);
    EXPECT_EQ(refusal(v, hs256_over_json(R"({"alg":"HS256"})", "{\"sub\":")), errc::malformed);
    EXPECT_EQ(refusal(v, hs256_over_json(R"({"alg":"HS256"})", payload() + "{}")), errc::malformed);
}

TEST(jwt_verifier, header_without_alg_or_with_crit_is_malformed) {
    const jwt_verifier v(hs_config());
    EXPECT_EQ(refusal(v, hs256_over_json(R"({"typ":"JWT"})", payload())), errc::malformed);
    EXPECT_EQ(refusal(v, hs256_over_json(R"({"alg":"HS256","crit":["exp"]})", payload())), errc::malformed);
    EXPECT_EQ(refusal(v, hs256_over_json(R"({"alg":"HS256","alg":"HS256"})", payload())), errc::malformed);
}

TEST(jwt_verifier, duplicate_claims_are_malformed) {
    const jwt_verifier v(hs_config());
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, payload(k_now + 60, R"("sub":"someone_else")"))),
              errc::malformed);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, payload(k_now + 60, R"("exp":99999999999)"))), errc::malformed);
}

TEST(jwt_verifier, missing_or_non_numeric_exp_is_malformed) {
    const jwt_verifier v(hs_config());
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, R"({"sub":"u","role":"customer"})")), errc::malformed);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, R"({"sub":"u","role":"customer","exp":"tomorrow"})")),
              errc::malformed);
}

TEST(jwt_verifier, badly_typed_optional_claims_are_malformed) {
    const jwt_verifier v(hs_config());
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, payload(k_now + 60, R"("aud":42)"))), errc::malformed);
    const std::string json =
        R"({"sub":"u","role":"customer","site":7,"exp":)" + std::to_string(k_now + 60) + "}";
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, json)), errc::malformed);
}

// ---- time -----------------------------------------------------------------------------

TEST(jwt_verifier, expired_past_the_leeway_is_refused) {
    const jwt_verifier v(hs_config());
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, payload(k_now - 31))), errc::expired);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, payload(k_now - 30))), errc::expired);
}

TEST(jwt_verifier, expiry_within_the_leeway_is_tolerated) {
    const jwt_verifier v(hs_config());
    EXPECT_TRUE(v.verify(sign_hs256(k_secret, payload(k_now - 29)), k_now).ok());
}

TEST(jwt_verifier, zero_leeway_refuses_at_the_expiry_second) {
    jwt_key_config c = hs_config();
    c.leeway_seconds = 0;
    const jwt_verifier v(c);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, payload(k_now))), errc::expired);
    EXPECT_TRUE(v.verify(sign_hs256(k_secret, payload(k_now + 1)), k_now).ok());
}

TEST(jwt_verifier, nbf_in_the_future_beyond_leeway_is_not_yet_valid) {
    const jwt_verifier v(hs_config());
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, payload(k_now + 600, "\"nbf\":" + std::to_string(k_now + 31)))),
              errc::not_yet_valid);
    EXPECT_TRUE(
        v.verify(sign_hs256(k_secret, payload(k_now + 600, "\"nbf\":" + std::to_string(k_now + 30))), k_now)
            .ok());
}

TEST(jwt_verifier, expired_maps_to_token_expired_protocol_code) {
    EXPECT_EQ(protocol_error_code(errc::expired), "TOKEN_EXPIRED");
    EXPECT_EQ(protocol_error_code(errc::bad_signature), "AUTHENTICATION_FAILED");
    EXPECT_EQ(std::error_code(errc::expired).category().name(), std::string("ordercast.auth"));
}

// ---- issuer, audience, subject, role ----------------------------------------------------

TEST(jwt_verifier, wrong_or_missing_issuer_is_refused) {
    jwt_key_config c = hs_config();
    c.issuer = "https://id.example";
    const jwt_verifier v(c);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, payload(k_now + 60, R"("iss":"https://evil.example")"))),
              errc::wrong_issuer);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, payload())), errc::wrong_issuer);
    EXPECT_TRUE(
        v.verify(sign_hs256(k_secret, payload(k_now + 60, R"("iss":"https://id.example")")), k_now).ok());
}

TEST(jwt_verifier, audience_may_be_string_or_array) {
    jwt_key_config c = hs_config();
    c.audience = "ordercast";
    const jwt_verifier v(c);
    EXPECT_TRUE(v.verify(sign_hs256(k_secret, payload(k_now + 60, R"("aud":"ordercast")")), k_now).ok());
    EXPECT_TRUE(
        v.verify(sign_hs256(k_secret, payload(k_now + 60, R"("aud":["billing","ordercast"])")), k_now).ok());
}

TEST(jwt_verifier, wrong_or_missing_audience_is_refused) {
    jwt_key_config c = hs_config();
    c.audience = "ordercast";
    const jwt_verifier v(c);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, payload(k_now + 60, R"("aud":"billing")"))),
              errc::wrong_audience);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, payload(k_now + 60, R"("aud":["billing","shop"])"))),
              errc::wrong_audience);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, payload())), errc::wrong_audience);
}

TEST(jwt_verifier, unconfigured_issuer_and_audience_are_not_checked) {
    const jwt_verifier v(hs_config());
    EXPECT_TRUE(v.verify(sign_hs256(k_secret, payload(k_now + 60, R"("iss":"x","aud":"y")")), k_now).ok());
}

TEST(jwt_verifier, missing_empty_or_non_string_subject_is_refused) {
    const jwt_verifier v(hs_config());
    const std::string exp = std::to_string(k_now + 60);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, R"({"role":"customer","exp":)" + exp + "}")),
              errc::missing_subject);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, R"({"sub":"","role":"customer","exp":)" + exp + "}")),
              errc::missing_subject);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, R"({"sub":12,"role":"customer","exp":)" + exp + "}")),
              errc::missing_subject);
}

TEST(jwt_verifier, missing_or_unknown_role_is_invalid_role) {
    const jwt_verifier v(hs_config());
    const std::string exp = std::to_string(k_now + 60);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, R"({"sub":"u","exp":)" + exp + "}")), errc::invalid_role);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, R"({"sub":"u","role":"superuser","exp":)" + exp + "}")),
              errc::invalid_role);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, R"({"sub":"u","role":"Admin","exp":)" + exp + "}")),
              errc::invalid_role);
    EXPECT_EQ(refusal(v, sign_hs256(k_secret, R"({"sub":"u","role":["admin"],"exp":)" + exp + "}")),
              errc::invalid_role);
}

TEST(jwt_verifier, failure_messages_never_quote_the_token) {
    const jwt_verifier v(hs_config());
    const std::string token = sign_hs256("wrong secret wrong secret wrong!!", payload());
    auto r = v.verify(token, k_now);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message.find(token.substr(token.rfind('.') + 1)), std::string::npos);
    EXPECT_EQ(r.error().message.find(token.substr(0, 10)), std::string::npos);
}

TEST(jwt_verifier, concurrent_verification_gives_consistent_answers) {
    const jwt_verifier v(public_key_config(jwt_algorithm::es256, test::ec_p256().public_pem));
    const std::string good = sign_es256(test::ec_p256().private_pem, payload());
    const std::string bad = sign_es256(test::ec_p256_other().private_pem, payload());
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                if (!v.verify(good, k_now).ok()) ++wrong;
                if (v.verify(bad, k_now).ok()) ++wrong;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace ordercast::auth

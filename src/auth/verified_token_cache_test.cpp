#include "auth/verified_token_cache.hpp"

#include <gtest/gtest.h>

#include "auth/jwt_signer.hpp"

namespace ordercast::auth {
namespace {

const std::string k_secret = "0123456789abcdef0123456789abcdef";

jwt_verifier hs_verifier(const std::string& secret, std::int64_t leeway = 30) {
    jwt_key_config c;
    c.algorithm = jwt_algorithm::hs256;
    c.secret = secret;
    c.leeway_seconds = leeway;
    return jwt_verifier(c);
}

std::string token_for(const std::string& sub, std::chrono::seconds ttl,
                      const std::string& secret = k_secret) {
    token_claims claims{.subject = sub, .role = role::employee};
    claims.site = "s1";
    return mint_hs256(secret, claims, ttl);
}

std::int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

TEST(verified_token_cache, a_remembered_token_gives_the_same_principal_as_a_full_check) {
    const auto verifier = hs_verifier(k_secret);
    const std::string token = token_for("cache-u1", std::chrono::seconds(600));
    auto first = verify_cached(verifier, token, now_s());
    auto second = verify_cached(verifier, token, now_s());
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    EXPECT_EQ(second.value().user_id, "cache-u1");
    EXPECT_EQ(second.value().site, "s1");
    EXPECT_EQ(second.value().role, role::employee);
    EXPECT_EQ(second.value().expires_at, first.value().expires_at);
}

TEST(verified_token_cache, a_remembered_token_past_its_expiry_is_checked_again_and_refused) {
    const auto verifier = hs_verifier(k_secret, 0);
    const std::string token = token_for("cache-u2", std::chrono::seconds(60));
    auto fresh = verify_cached(verifier, token, now_s());
    ASSERT_TRUE(fresh);
    auto later = verify_cached(verifier, token, fresh.value().expires_at + 1);
    ASSERT_FALSE(later);
    EXPECT_EQ(later.error().code, errc::expired);
}

TEST(verified_token_cache, a_token_remembered_for_one_verifier_is_not_accepted_by_another) {
    const auto ours = hs_verifier(k_secret);
    const auto other = hs_verifier("another-secret-0123456789abcdef0123");
    const std::string token = token_for("cache-u3", std::chrono::seconds(600));
    ASSERT_TRUE(verify_cached(ours, token, now_s()));
    auto refused = verify_cached(other, token, now_s());
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, errc::bad_signature);
}

TEST(verified_token_cache, a_refused_token_is_refused_every_time) {
    const auto verifier = hs_verifier(k_secret);
    std::string token = token_for("cache-u4", std::chrono::seconds(600));
    // Break the signature in its first character: all six of its bits are signature bits.
    // (The last character of a 32-byte signature carries two unused bits, so changing it
    // only there, as this test once did, left the signature valid one time in sixteen.)
    char& first = token[token.rfind('.') + 1];
    first = first == 'A' ? 'B' : 'A';
    EXPECT_FALSE(verify_cached(verifier, token, now_s()));
    EXPECT_FALSE(verify_cached(verifier, token, now_s()));
}

TEST(verified_token_cache, stays_correct_past_its_capacity) {
    const auto verifier = hs_verifier(k_secret);
    for (std::size_t i = 0; i < k_verified_token_cache_entries + 10; ++i) {
        auto r = verify_cached(verifier, token_for("cap-" + std::to_string(i), std::chrono::seconds(600)),
                               now_s());
        ASSERT_TRUE(r);
        ASSERT_EQ(r.value().user_id, "cap-" + std::to_string(i));
    }
}

}  // namespace
}  // namespace ordercast::auth

// The issuer's keys through the verifier: tokens by kid, a rotation picked up by the refresh a
// new kid asks for, a withdrawn key refused afterwards (also when a token was remembered), the
// rate limit on refreshes, and a start-up that cannot fetch. The fetch function here returns a
// document held by the test; tests/js/jwks.test.mjs drives the same over HTTP against the binary.
#include "auth/jwks_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "auth/jwt_signer.hpp"
#include "auth/jwt_verifier.hpp"
#include "auth/test_keys.hpp"
#include "auth/verified_token_cache.hpp"

namespace ordercast::auth {
namespace {

using namespace std::chrono_literals;

// The issuer's endpoint: a document the test replaces, and how often it was asked.
struct issuer {
    std::mutex mutex;
    std::string document;
    std::atomic<int> asked{0};
    std::atomic<bool> down{false};

    void publish(std::initializer_list<std::string> keys) {
        std::string json = R"({"keys":[)";
        bool first = true;
        for (const auto& k : keys) {
            json += first ? "" : ",";
            json += k;
            first = false;
        }
        std::lock_guard lock(mutex);
        document = json + "]}";
    }
    jwks_cache::fetch_function endpoint() {
        return [this] {
            ++asked;
            if (down) throw std::runtime_error("connection refused");
            std::lock_guard lock(mutex);
            return document;
        };
    }
};

std::int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string payload(const std::string& sub) {
    return R"({"sub":")" + sub + R"(","role":"customer","exp":)" + std::to_string(now_s() + 600) + "}";
}

std::shared_ptr<jwks_cache> cache_for(issuer& iss, jwt_algorithm alg,
                                      std::chrono::milliseconds limit = 50ms) {
    return std::make_shared<jwks_cache>(
        jwks_cache::options{
            .url = "test://issuer", .algorithm = alg, .min_refresh_interval = limit, .max_age = 1h},
        iss.endpoint());
}

jwt_key_config config_for(std::shared_ptr<jwks_cache> cache, jwt_algorithm alg) {
    jwt_key_config c;
    c.algorithm = alg;
    c.jwks = std::move(cache);
    return c;
}

// Verifies until the token is accepted (the refresh it asked for has run) or 5 s pass.
bool accepted_after_refresh(const jwt_verifier& v, const std::string& token) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline) {
        if (v.verify(token, now_s()).ok()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

TEST(jwks_cache, tokens_verify_against_the_key_their_kid_names) {
    issuer iss;
    iss.publish({test::public_jwk(test::rsa_2048(), "k1"), test::public_jwk(test::rsa_2048_other(), "k2")});
    const jwt_verifier v(config_for(cache_for(iss, jwt_algorithm::rs256), jwt_algorithm::rs256));
    EXPECT_TRUE(v.verify(sign_rs256(test::rsa_2048().private_pem, payload("a"), "k1"), now_s()).ok());
    EXPECT_TRUE(v.verify(sign_rs256(test::rsa_2048_other().private_pem, payload("b"), "k2"), now_s()).ok());
    // Signed with k1's private key but claiming k2: the signature does not verify.
    auto wrong = v.verify(sign_rs256(test::rsa_2048().private_pem, payload("c"), "k2"), now_s());
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, errc::bad_signature);
    // Two keys and no kid: which one is ambiguous.
    auto nameless = v.verify(sign_rs256(test::rsa_2048().private_pem, payload("d")), now_s());
    ASSERT_FALSE(nameless.ok());
    EXPECT_EQ(nameless.error().code, errc::unknown_key);
}

TEST(jwks_cache, es256_keys_work_the_same_way) {
    issuer iss;
    iss.publish({test::public_jwk(test::ec_p256(), "e1")});
    const jwt_verifier v(config_for(cache_for(iss, jwt_algorithm::es256), jwt_algorithm::es256));
    EXPECT_TRUE(v.verify(sign_es256(test::ec_p256().private_pem, payload("a"), "e1"), now_s()).ok());
    // The set's only key also checks a token that names none.
    EXPECT_TRUE(v.verify(sign_es256(test::ec_p256().private_pem, payload("b")), now_s()).ok());
    EXPECT_FALSE(v.verify(sign_rs256(test::rsa_2048().private_pem, payload("c"), "e1"), now_s()).ok());
}

TEST(jwks_cache, a_rotation_is_picked_up_and_the_withdrawn_key_is_refused) {
    issuer iss;
    iss.publish({test::public_jwk(test::rsa_2048(), "old")});
    const jwt_verifier v(config_for(cache_for(iss, jwt_algorithm::rs256), jwt_algorithm::rs256));
    const std::string old_token = sign_rs256(test::rsa_2048().private_pem, payload("a"), "old");
    ASSERT_TRUE(verify_cached(v, old_token, now_s()).ok());  // remembered on this thread

    iss.publish({test::public_jwk(test::rsa_2048_other(), "new")});
    const std::string new_token = sign_rs256(test::rsa_2048_other().private_pem, payload("b"), "new");
    auto first = v.verify(new_token, now_s());
    ASSERT_FALSE(first.ok()) << "refused at once while the refresh runs";
    EXPECT_EQ(first.error().code, errc::unknown_key);
    EXPECT_TRUE(accepted_after_refresh(v, new_token));

    auto withdrawn = verify_cached(v, old_token, now_s());
    ASSERT_FALSE(withdrawn.ok()) << "the remembered token of a withdrawn key";
    EXPECT_EQ(withdrawn.error().code, errc::unknown_key);
}

TEST(jwks_cache, refreshes_are_rate_limited_however_many_unknown_kids_arrive) {
    issuer iss;
    iss.publish({test::public_jwk(test::rsa_2048(), "k1")});
    auto cache = cache_for(iss, jwt_algorithm::rs256, 1h);
    const jwt_verifier v(config_for(cache, jwt_algorithm::rs256));
    ASSERT_EQ(iss.asked.load(), 1);
    for (int i = 0; i < 200; ++i)
        EXPECT_FALSE(
            v.verify(sign_rs256(test::rsa_2048().private_pem, payload("x"), "kid-" + std::to_string(i)),
                     now_s())
                .ok());
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(iss.asked.load(), 1) << "the first refresh waits for jwks_refresh_limit_s after the last fetch";
}

TEST(jwks_cache, a_failed_refresh_keeps_the_known_keys) {
    issuer iss;
    iss.publish({test::public_jwk(test::rsa_2048(), "k1")});
    auto cache = cache_for(iss, jwt_algorithm::rs256);
    const jwt_verifier v(config_for(cache, jwt_algorithm::rs256));
    iss.down = true;
    cache->request_refresh();
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (cache->fetches() < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(5ms);
    ASSERT_GE(cache->fetches(), 2u);
    EXPECT_TRUE(v.verify(sign_rs256(test::rsa_2048().private_pem, payload("a"), "k1"), now_s()).ok());
}

TEST(jwks_cache, start_up_fails_naming_the_key_when_the_issuer_is_unreachable_or_useless) {
    issuer iss;
    iss.down = true;
    try {
        cache_for(iss, jwt_algorithm::rs256);
        ADD_FAILURE() << "started without keys";
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("auth.jwks_url"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("connection refused"), std::string::npos) << e.what();
    }
    iss.down = false;
    iss.publish({test::public_jwk(test::ec_p256(), "e1")});
    EXPECT_THROW(cache_for(iss, jwt_algorithm::rs256), config_error) << "no RS256 key in the set";
}

}  // namespace
}  // namespace ordercast::auth

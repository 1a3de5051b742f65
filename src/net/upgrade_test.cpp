#include "net/upgrade.hpp"

#include <gtest/gtest.h>

#include "auth/jwt_signer.hpp"
#include "auth/jwt_verifier.hpp"
#include "core/clock.hpp"
#include "protocol/dialect_registry.hpp"

using namespace ordercast;
using namespace ordercast::net;
namespace http = boost::beast::http;

TEST(upgrade, token_from_query_is_percent_decoded) {
    EXPECT_EQ(query_param("/v1?a=1&token=ab%2Ecd.e+f", "token"), "ab.cd.e f");
    EXPECT_FALSE(query_param("/v1?a=1", "token").has_value());
}

TEST(upgrade, token_from_bearer_header) {
    beast_request req{http::verb::get, "/v1", 11};
    req.set(http::field::authorization, "Bearer aaa.bbb.ccc");
    EXPECT_EQ(find_token(req).token, "aaa.bbb.ccc");
}

TEST(upgrade, token_from_subprotocol_echoes_the_other_offered_value) {
    beast_request req{http::verb::get, "/v1", 11};
    req.set(http::field::sec_websocket_protocol, "bearer, aaaaa.bbbbb.ccccc");
    auto s = find_token(req);
    EXPECT_EQ(s.token, "aaaaa.bbbbb.ccccc");
    EXPECT_EQ(s.accepted_protocol, "bearer");
}

TEST(upgrade, token_alone_in_subprotocol_is_echoed_itself) {
    beast_request req{http::verb::get, "/v1", 11};
    req.set(http::field::sec_websocket_protocol, "aaaaa.bbbbb.ccccc");
    auto s = find_token(req);
    EXPECT_EQ(s.accepted_protocol, "aaaaa.bbbbb.ccccc");
}

TEST(upgrade, origin_allow_list) {
    EXPECT_TRUE(origin_allowed({}, "https://evil.example"));
    EXPECT_TRUE(origin_allowed({"https://shop.example"}, ""));
    EXPECT_TRUE(origin_allowed({"https://shop.example"}, "https://shop.example"));
    EXPECT_FALSE(origin_allowed({"https://shop.example"}, "https://evil.example"));
}

TEST(upgrade, switching_protocols_carries_the_rfc_accept_key) {
    auto r = switching_protocols_response("dGhlIHNhbXBsZSBub25jZQ==", "");
    EXPECT_NE(r.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), std::string::npos);
    EXPECT_EQ(r.find("Sec-WebSocket-Protocol"), std::string::npos);
}

// ---------------------------------------------------------------------------------------
// admit_upgrade: the whole decision, with the real dialect registry and token verifier
// ---------------------------------------------------------------------------------------
namespace {

constexpr std::string_view k_secret = "upgrade-test-secret-of-enough-length";
constexpr std::string_view k_client_key = "dGhlIHNhbXBsZSBub25jZQ==";

class admission : public ::testing::Test {
protected:
    admission() : dialects_(config_), verifier_(key()) {}

    static auth::jwt_key_config key() {
        auth::jwt_key_config k;
        k.secret = std::string(k_secret);
        return k;
    }
    static std::string token(const std::string& sub, std::chrono::seconds ttl = std::chrono::hours(1)) {
        return auth::mint_hs256(k_secret, {.subject = sub, .role = auth::role::customer}, ttl);
    }
    static beast_request upgrade_request(std::string target) {
        beast_request req{http::verb::get, target, 11};
        req.set(http::field::upgrade, "websocket");
        req.set(http::field::connection, "Upgrade");
        req.set(http::field::sec_websocket_version, "13");
        req.set(http::field::sec_websocket_key, k_client_key);
        return req;
    }
    std::variant<upgrade_refusal, upgrade_outcome> admit(const beast_request& req) const {
        return admit_upgrade(req, {dialects_, origins_, verifier_}, core::unix_seconds());
    }
    // The decision's refusal (a failure, and an empty refusal, when it admitted).
    static upgrade_refusal refusal_of(std::variant<upgrade_refusal, upgrade_outcome> v) {
        EXPECT_TRUE(std::holds_alternative<upgrade_refusal>(v)) << "expected a refusal";
        auto* r = std::get_if<upgrade_refusal>(&v);
        return r ? std::move(*r) : upgrade_refusal{0, {}, {}};
    }
    // The decision's outcome (a failure, and an empty outcome, when it refused).
    static upgrade_outcome outcome_of(std::variant<upgrade_refusal, upgrade_outcome> v) {
        auto* r = std::get_if<upgrade_refusal>(&v);
        EXPECT_EQ(r, nullptr) << "refused: " << (r ? r->message : "");
        auto* o = std::get_if<upgrade_outcome>(&v);
        return o ? std::move(*o) : upgrade_outcome{};
    }

    core::config config_;
    protocol::dialect_registry dialects_;
    auth::jwt_verifier verifier_;
    std::vector<std::string> origins_{"https://shop.example"};
};

}  // namespace

TEST_F(admission, an_unknown_path_is_404_naming_the_endpoints_before_any_other_check) {
    auto req = upgrade_request("/v2?token=x");
    req.set(http::field::origin, "https://evil.example");
    req.set(http::field::sec_websocket_version, "8");
    const auto r = refusal_of(admit(req));
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.code, core::error_code::not_found);
    EXPECT_NE(r.message.find("/v1"), std::string::npos) << r.message;
}

TEST_F(admission, a_foreign_origin_is_403_and_a_listed_one_passes) {
    auto req = upgrade_request("/v1?token=" + token("alice"));
    req.set(http::field::origin, "https://evil.example");
    const auto r = refusal_of(admit(req));
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(r.code, core::error_code::insufficient_permissions);
    req.set(http::field::origin, "https://shop.example");
    EXPECT_TRUE(outcome_of(admit(req)).principal.has_value());
}

TEST_F(admission, a_version_other_than_13_is_426_and_a_bad_key_is_400) {
    auto old = upgrade_request("/v1");
    old.set(http::field::sec_websocket_version, "8");
    EXPECT_EQ(refusal_of(admit(old)).status, 426);
    auto bad_key = upgrade_request("/v1");
    bad_key.set(http::field::sec_websocket_key, "too-short");
    const auto r = refusal_of(admit(bad_key));
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.code, core::error_code::bad_request);
}

TEST_F(admission, a_valid_token_admits_with_the_principal_the_dialect_and_the_accept_key) {
    const auto o = outcome_of(admit(upgrade_request("/v1?token=" + token("alice"))));
    ASSERT_TRUE(o.principal.has_value());
    EXPECT_EQ(o.principal->user_id, "alice");
    ASSERT_NE(o.dialect, nullptr);
    EXPECT_EQ(o.dialect->id(), protocol::dialect_id::v1);
    EXPECT_NE(o.response.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), std::string::npos);
    EXPECT_TRUE(o.leftover.empty());
}

TEST_F(admission, token_problems_upgrade_and_carry_their_refusal_for_the_dialect_to_tell) {
    const auto missing = outcome_of(admit(upgrade_request("/v1")));
    EXPECT_FALSE(missing.principal.has_value());
    EXPECT_FALSE(missing.anonymous);
    EXPECT_EQ(missing.refused, protocol::refusal::missing_token);

    const auto expired =
        outcome_of(admit(upgrade_request("/v1?token=" + token("alice", std::chrono::seconds(-120)))));
    EXPECT_FALSE(expired.principal.has_value());
    EXPECT_EQ(expired.refused, protocol::refusal::expired_token);

    const auto forged = outcome_of(admit(upgrade_request("/v1?token=aaaa.bbbb.cccc")));
    EXPECT_FALSE(forged.principal.has_value());
    EXPECT_EQ(forged.refused, protocol::refusal::bad_token);
}

TEST_F(admission, the_path_resource_is_checked_against_the_token) {
    const auto own = outcome_of(admit(upgrade_request("/ws/orders/alice?token=" + token("alice"))));
    ASSERT_TRUE(own.principal.has_value());
    EXPECT_EQ(own.resource_id, "alice");
    EXPECT_EQ(own.dialect->id(), protocol::dialect_id::shop);

    const auto other = outcome_of(admit(upgrade_request("/ws/orders/bob?token=" + token("alice"))));
    EXPECT_FALSE(other.principal.has_value());
    EXPECT_EQ(other.refused, protocol::refusal::not_allowed);
    EXPECT_NE(other.refusal_message.find("/ws/orders/bob"), std::string::npos);
}

TEST_F(admission, a_token_offered_as_subprotocol_admits_and_the_other_protocol_is_echoed) {
    auto req = upgrade_request("/v1");
    req.set(http::field::sec_websocket_protocol, "bearer, " + token("alice"));
    const auto o = outcome_of(admit(req));
    ASSERT_TRUE(o.principal.has_value());
    EXPECT_NE(o.response.find("Sec-WebSocket-Protocol: bearer\r\n"), std::string::npos);
}

// A dialect that refuses at the upgrade answers token problems over HTTP, before any 101.
TEST(admission_refusing_at_upgrade, token_problems_are_401_and_a_good_token_is_admitted) {
    core::config cfg;
    cfg.dialect_rooms.refuse_at_upgrade = true;
    const protocol::dialect_registry dialects(cfg);
    auth::jwt_key_config key;
    key.secret = "upgrade-test-secret-of-enough-length";
    const auth::jwt_verifier verifier(key);
    const std::vector<std::string> origins;
    const auto admit = [&](const std::string& target) {
        beast_request req{http::verb::get, target, 11};
        req.set(http::field::upgrade, "websocket");
        req.set(http::field::connection, "Upgrade");
        req.set(http::field::sec_websocket_version, "13");
        req.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
        return admit_upgrade(req, {dialects, origins, verifier}, core::unix_seconds());
    };
    const auto mint = [&](std::chrono::seconds ttl) {
        return auth::mint_hs256(key.secret, {.subject = "u1", .role = auth::role::admin, .site = "b1"}, ttl,
                                core::unix_seconds());
    };
    for (const std::string target : {"/rooms", "/rooms?token=garbage"}) {
        const auto decided = admit(target);
        const auto* r = std::get_if<upgrade_refusal>(&decided);
        ASSERT_NE(r, nullptr) << target;
        EXPECT_EQ(r->status, 401);
        EXPECT_EQ(r->code, core::error_code::authentication_failed);
        EXPECT_FALSE(r->message.empty());
    }
    const auto expired = admit("/rooms?token=" + mint(std::chrono::seconds(-3600)));
    ASSERT_TRUE(std::holds_alternative<upgrade_refusal>(expired));
    EXPECT_EQ(std::get<upgrade_refusal>(expired).code, core::error_code::token_expired);
    const auto good = admit("/rooms?token=" + mint(std::chrono::seconds(3600)));
    ASSERT_TRUE(std::holds_alternative<upgrade_outcome>(good));
    EXPECT_EQ(std::get<upgrade_outcome>(good).principal->user_id, "u1");
    // Other dialects keep answering after the upgrade.
    EXPECT_TRUE(std::holds_alternative<upgrade_outcome>(admit("/v1?token=garbage")));
}

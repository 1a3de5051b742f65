#include "api/router.hpp"

#include <gtest/gtest.h>

#include "auth/jwt_signer.hpp"
#include "auth/jwt_verifier.hpp"

using namespace ordercast;
using namespace ordercast::api;

namespace {

constexpr std::string_view k_secret = "router-test-secret-of-enough-length";

auth::jwt_key_config key() {
    auth::jwt_key_config k;
    k.secret = std::string(k_secret);
    return k;
}

std::string bearer(const std::string& sub, auth::role role) {
    return "Bearer " + auth::mint_hs256(k_secret, {.subject = sub, .role = role}, std::chrono::hours(1));
}

std::string code_of(const response& r) {
    auto at = r.body.find("\"code\":\"");
    if (at == std::string::npos) return {};
    at += 8;
    return r.body.substr(at, r.body.find('"', at) - at);
}

class router_test : public ::testing::Test {
protected:
    router_test() : verifier_(key()), router_(verifier_) {}
    response call(request req) {
        std::string_view route;
        return router_.handle(req, route);
    }

    auth::jwt_verifier verifier_;
    router router_;
};

}  // namespace

TEST_F(router_test, passes_path_parameters_and_names_the_route) {
    router_.add(
        {.method = "GET", .path = "/api/v1/orders/{id}", .who = access::anyone()},
        [](request& req, const caller&) { return json_response(200, std::string(req.path_params.at(0))); });
    request req{.method = "GET", .path = "/api/v1/orders/ord-7"};
    std::string_view route;
    auto res = router_.handle(req, route);
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body, "ord-7");
    EXPECT_EQ(route, "/api/v1/orders/{id}");
}

TEST_F(router_test, answers_405_for_a_known_path_with_another_method_and_404_otherwise) {
    router_.add({.method = "POST", .path = "/api/v1/publish"},
                [](request&, const caller&) { return json_response(200, "{}"); });
    std::string_view route;
    request get{.method = "GET", .path = "/api/v1/publish"};
    EXPECT_EQ(router_.handle(get, route).status, 405);
    request other{.method = "GET", .path = "/nope"};
    auto res = router_.handle(other, route);
    EXPECT_EQ(res.status, 404);
    EXPECT_EQ(code_of(res), "NOT_FOUND");
    EXPECT_EQ(route, "unmatched");
}

TEST_F(router_test, a_path_with_more_segments_than_any_route_is_404) {
    router_.add({.method = "GET", .path = "/a/{x}", .who = access::anyone()},
                [](request&, const caller&) { return json_response(200, "{}"); });
    std::string deep = "/a";
    for (int i = 0; i < 40; ++i) deep += "/b";
    EXPECT_EQ(call({.method = "GET", .path = deep}).status, 404);
    EXPECT_EQ(call({.method = "GET", .path = "/a/b"}).status, 200);
}

TEST_F(router_test, a_signed_in_route_answers_401_without_a_valid_token_and_hands_the_handler_the_principal) {
    int calls = 0;
    router_.add({.method = "GET", .path = "/api/v1/me"}, [&](request&, const caller& c) {
        ++calls;
        return json_response(200, c.who().user_id);
    });
    auto none = call({.method = "GET", .path = "/api/v1/me"});
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(code_of(none), "AUTHENTICATION_FAILED");
    auto forged = call({.method = "GET", .path = "/api/v1/me", .authorization = "Bearer aaaa.bbbb.cccc"});
    EXPECT_EQ(forged.status, 401);
    auto expired_token = "Bearer " + auth::mint_hs256(k_secret, {.subject = "alice"}, std::chrono::hours(-1));
    auto expired = call({.method = "GET", .path = "/api/v1/me", .authorization = expired_token});
    EXPECT_EQ(expired.status, 401);
    EXPECT_EQ(code_of(expired), "TOKEN_EXPIRED");
    EXPECT_EQ(calls, 0) << "no handler runs for a refused token";
    auto token = bearer("alice", auth::role::customer);
    auto ok = call({.method = "GET", .path = "/api/v1/me", .authorization = token});
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.body, "alice");
}

TEST_F(router_test, a_role_outside_the_routes_set_is_403_with_the_routes_sentence_before_the_handler_runs) {
    int calls = 0;
    router_.add({.method = "POST",
                 .path = "/api/v1/publish",
                 .who = access::roles({auth::role::service, auth::role::admin}, "publishers only")},
                [&](request&, const caller&) {
                    ++calls;
                    return json_response(200, "{}");
                });
    auto customer = bearer("alice", auth::role::customer);
    auto refused =
        call({.method = "POST", .path = "/api/v1/publish", .authorization = customer, .body = "not json"});
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(code_of(refused), "INSUFFICIENT_PERMISSIONS");
    EXPECT_NE(refused.body.find("publishers only"), std::string::npos);
    EXPECT_EQ(calls, 0);
    auto service = bearer("backend", auth::role::service);
    EXPECT_EQ(call({.method = "POST", .path = "/api/v1/publish", .authorization = service}).status, 200);
    EXPECT_EQ(calls, 1);
}

TEST_F(router_test, an_idempotent_route_gets_the_key_with_a_fingerprint_and_a_malformed_key_is_400) {
    std::string seen_key, seen_hash;
    router_.add({.method = "POST", .path = "/api/v1/things", .idempotent = true, .status = 201},
                [&](request&, const caller& c) {
                    seen_key = c.idempotency ? std::string(c.idempotency->key) : "<none>";
                    seen_hash = c.idempotency ? c.idempotency->request_hash : "";
                    return json_response(201, "{}");
                });
    auto token = bearer("e1", auth::role::employee);
    EXPECT_EQ(call({.method = "POST", .path = "/api/v1/things", .authorization = token}).status, 201);
    EXPECT_EQ(seen_key, "<none>");
    auto ok = call({.method = "POST",
                    .path = "/api/v1/things",
                    .authorization = token,
                    .idempotency_key = "k-1",
                    .body = R"({"a":1})"});
    EXPECT_EQ(ok.status, 201);
    EXPECT_EQ(seen_key, "k-1");
    EXPECT_EQ(seen_hash, domain::request_fingerprint("POST", "/api/v1/things", R"({"a":1})"));
    seen_key.clear();
    auto bad = call(
        {.method = "POST", .path = "/api/v1/things", .authorization = token, .idempotency_key = "two words"});
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(code_of(bad), "BAD_REQUEST");
    EXPECT_TRUE(seen_key.empty()) << "the handler must not run";
}

TEST_F(router_test, a_route_that_does_not_honour_idempotency_keys_ignores_the_header) {
    bool had_key = true;
    router_.add({.method = "POST", .path = "/api/v1/things/{id}/ack"}, [&](request&, const caller& c) {
        had_key = c.idempotency != nullptr;
        return json_response(200, "{}");
    });
    auto res = call({.method = "POST",
                     .path = "/api/v1/things/7/ack",
                     .authorization = bearer("e1", auth::role::employee),
                     .idempotency_key = "two words"});
    EXPECT_EQ(res.status, 200);
    EXPECT_FALSE(had_key);
}

TEST_F(router_test, exposes_its_table_in_the_order_routes_were_added) {
    router_.add({.method = "GET", .path = "/b", .who = access::anyone()},
                [](request&, const caller&) { return json_response(200, "{}"); });
    router_.add({.method = "POST", .path = "/a"},
                [](request&, const caller&) { return json_response(200, "{}"); });
    auto table = router_.routes();
    ASSERT_EQ(table.size(), 2u);
    EXPECT_EQ(table[0]->path, "/b");
    EXPECT_TRUE(table[0]->who.is_public());
    EXPECT_EQ(table[1]->method, "POST");
    EXPECT_FALSE(table[1]->who.is_public());
}

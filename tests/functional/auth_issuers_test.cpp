// Tokens as other issuers write them, against the real binary: claims under the issuer's own
// names and roles (auth.claims.*, auth.role_map), tokens without `exp` (auth.require_exp), REST
// calls that carry the token in ?token= (which no log line may show), and the rooms dialect
// refusing a missing or bad token at the upgrade with 401 (dialect_rooms.refuse_at_upgrade).
// The issuer's published keys (auth.jwks_url) are driven by tests/js/jwks.test.mjs, which serves
// the key set itself.
#include "support/server_fixture.hpp"

namespace ordercast::test {
namespace {

// A token as the manufacturing system's issuer writes it: userId, role, branchId.
std::string manufacturing_token(const std::string& user, const std::string& role, const std::string& branch,
                                std::optional<std::int64_t> exp = unix_now() + 3600) {
    jwt_claims c;
    c.role = role;
    c.iat = unix_now();
    c.exp = exp;
    c.strings = {{"userId", user}, {"branchId", branch}};
    return sign_hs256(c, k_test_secret);
}

const env_map k_manufacturing_claims = {
    {"ORDERCAST_AUTH_CLAIMS_USER", "userId"},
    {"ORDERCAST_AUTH_CLAIMS_SITE", "branchId"},
    {"ORDERCAST_AUTH_ROLE_MAP", "supervisor=manager"},
};

class auth_issuers : public server_test {};

// ---------------------------------------------------------------------------------------
// claim names and the role map
// ---------------------------------------------------------------------------------------
TEST_F(auth_issuers, a_token_with_the_issuers_claim_names_is_accepted_as_its_user_and_site) {
    start_server(k_manufacturing_claims);
    json_value established;
    auto client = connect(manufacturing_token("def456", "supervisor", "abc123"), &established);
    EXPECT_EQ(established.str("/data/userId"), "def456") << established.dump();
    EXPECT_EQ(established.str("/data/userType"), "manager") << established.dump();
    EXPECT_EQ(established.str("/data/siteId"), "abc123") << established.dump();
    // The site is the token's branch: its staff channel is allowed, another site's is not.
    auto confirmed = subscribe(*client, {"site:abc123:staff", "site:other:staff"});
    EXPECT_EQ(confirmed.str("/data/channels/0"), "site:abc123:staff") << confirmed.dump();
    EXPECT_EQ(confirmed.str("/data/failed/0/channel"), "site:other:staff") << confirmed.dump();
    client->close();
}

TEST_F(auth_issuers, once_claims_are_mapped_a_token_with_only_ordercasts_names_is_refused) {
    start_server(k_manufacturing_claims);
    auto client = connect_raw(ws_opts("/v1?token=" + token("u1", "customer", "s1")));
    ASSERT_TRUE(client->upgraded());
    std::vector<json_value> frames;
    auto closed = client->wait_closed(k_frame_timeout, &frames);
    ASSERT_TRUE(closed.closed);
    ASSERT_EQ(frames.size(), 1u) << describe(frames);
    EXPECT_EQ(frames[0].str("/data/code"), "AUTHENTICATION_FAILED");
    EXPECT_NE(frames[0].str("/data/message").value_or("").find("userId"), std::string::npos)
        << frames[0].dump();
    EXPECT_EQ(closed.code, 1008);
}

TEST_F(auth_issuers, an_issuer_role_outside_the_role_map_is_refused_over_rest) {
    start_server(k_manufacturing_claims);
    auto r = http().request("GET", "/api/v1/orders", {},
                            {{"Authorization", "Bearer " + manufacturing_token("u1", "janitor", "abc123")}});
    EXPECT_EQ(r.status, 401u) << r.body;
    EXPECT_EQ(r.json().str("/error/code"), "AUTHENTICATION_FAILED") << r.body;
}

TEST_F(auth_issuers, a_bad_role_map_stops_the_server_naming_the_key) {
    server_options o;
    o.env = default_server_env();
    o.env["ORDERCAST_AUTH_ROLE_MAP"] = "staff=janitor";
    try {
        server_process p(std::move(o));
        ADD_FAILURE() << "the server started with auth.role_map staff=janitor";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("auth.role_map"), std::string::npos) << e.what();
    }
}

// ---------------------------------------------------------------------------------------
// auth.require_exp
// ---------------------------------------------------------------------------------------
TEST_F(auth_issuers, a_token_without_exp_is_refused_unless_require_exp_is_off) {
    const std::string no_exp = manufacturing_token("u1", "customer", "abc123", std::nullopt);
    start_server(k_manufacturing_claims);
    auto refused = http().request("GET", "/api/v1/orders", {}, {{"Authorization", "Bearer " + no_exp}});
    EXPECT_EQ(refused.status, 401u) << refused.body;

    env_map env = k_manufacturing_claims;
    env["ORDERCAST_AUTH_REQUIRE_EXP"] = "false";
    start_server(env);
    EXPECT_NE(server().output().find("auth.require_exp is false"), std::string::npos)
        << "the start-up warning:\n"
        << server().output();
    auto accepted = http().request("GET", "/api/v1/orders", {}, {{"Authorization", "Bearer " + no_exp}});
    EXPECT_EQ(accepted.status, 200u) << accepted.body;
    json_value established;
    auto client = connect(no_exp, &established);
    EXPECT_EQ(established.str("/data/tokenExpiresAt"), "9999-12-31T23:59:59.000Z") << established.dump();
    client->close();
}

// ---------------------------------------------------------------------------------------
// ?token= on REST
// ---------------------------------------------------------------------------------------
TEST_F(auth_issuers, rest_takes_the_token_from_the_query_and_never_logs_it) {
    start_server({{"ORDERCAST_LOG_LEVEL", "debug"}});
    const std::string good = token("m1", "manager", "s1");
    const std::string expired = token("m1", "manager", "s1", {}, -3600);
    auto listed = http().get("/api/v1/orders?token=" + good + "&limit=5");
    EXPECT_EQ(listed.status, 200u) << listed.body;
    auto created = http().request("POST", "/api/v1/orders?token=" + good, R"({"number":"Q-1"})",
                                  {{"Content-Type", "application/json"}});
    EXPECT_EQ(created.status, 201u) << created.body;
    auto stale = http().get("/api/v1/orders?token=" + expired);
    EXPECT_EQ(stale.status, 401u) << stale.body;
    EXPECT_EQ(stale.json().str("/error/code"), "TOKEN_EXPIRED") << stale.body;
    auto garbage = http().get("/api/v1/orders?token=not.a.token");
    EXPECT_EQ(garbage.status, 401u) << garbage.body;
    auto none = http().get("/api/v1/orders?limit=5");
    EXPECT_EQ(none.status, 401u) << none.body;
    EXPECT_NE(none.json().str("/error/message").value_or("").find("?token="), std::string::npos) << none.body;
    auto unknown = http().get("/api/v1/nowhere?token=" + good);
    EXPECT_EQ(unknown.status, 404u) << unknown.body;
    auto other_param = http().get("/api/v1/orders?token=" + good + "&colour=red");
    EXPECT_EQ(other_param.status, 400u) << "the token is not a route's parameter, others still are refused";
    for (const auto* answer : {&listed, &created, &stale, &garbage, &unknown, &other_param}) {
        EXPECT_EQ(answer->body.find(good), std::string::npos) << answer->body;
        EXPECT_EQ(answer->body.find(expired), std::string::npos) << answer->body;
    }
    ASSERT_EQ(server().stop(SIGTERM, std::chrono::seconds(10)), 0);
    const std::string log = server().output();
    EXPECT_EQ(log.find(good), std::string::npos) << "a token in the log:\n" << log;
    EXPECT_EQ(log.find(expired), std::string::npos) << "a token in the log:\n" << log;
    EXPECT_EQ(log.find(good.substr(good.rfind('.') + 1)), std::string::npos) << "a signature in the log:\n"
                                                                             << log;
}

TEST_F(auth_issuers, the_authorization_header_wins_over_the_query) {
    start_server();
    auto r = http().request("GET", "/api/v1/orders?token=not.a.token", {},
                            {{"Authorization", "Bearer " + token("m1", "manager", "s1")}});
    EXPECT_EQ(r.status, 200u) << r.body;
}

// ---------------------------------------------------------------------------------------
// dialect_rooms.refuse_at_upgrade
// ---------------------------------------------------------------------------------------
TEST_F(auth_issuers, rooms_refuse_a_missing_or_bad_token_at_the_upgrade_with_401) {
    env_map env = k_manufacturing_claims;
    env["ORDERCAST_DIALECT_ROOMS_PATHS"] = "/rooms,/dev";
    env["ORDERCAST_DIALECT_ROOMS_REFUSE_AT_UPGRADE"] = "true";
    start_server(env);
    const std::string expired = manufacturing_token("u1", "admin", "abc123", unix_now() - 3600);
    const std::vector<std::string> targets = {"/dev", "/dev?token=", "/dev?token=garbage",
                                              "/rooms?token=" + token("u1", "admin", "abc123"),
                                              "/dev?token=" + expired};
    for (const std::string& target : targets) {
        auto client = connect_raw(ws_opts(target));
        EXPECT_FALSE(client->upgraded()) << target;
        EXPECT_EQ(client->http_status(), 401u) << target << ": " << client->response_body();
        EXPECT_EQ(client->response_header("WWW-Authenticate"), "Bearer") << target;
        const auto body = json_value::parse(client->response_body());
        EXPECT_EQ(body.str("/error/code"),
                  target.ends_with(expired) ? "TOKEN_EXPIRED" : "AUTHENTICATION_FAILED")
            << client->response_body();
        EXPECT_EQ(client->response_body().find("garbage"), std::string::npos);
    }
    // A good token is upgraded as before; /v1 keeps telling a bad token after the upgrade.
    auto good = connect_raw(ws_opts("/dev?token=" + manufacturing_token("def456", "admin", "abc123")));
    EXPECT_TRUE(good->upgraded()) << good->http_status() << " " << good->response_body();
    good->close();
    auto v1 = connect_raw(ws_opts("/v1?token=garbage"));
    EXPECT_TRUE(v1->upgraded());
    EXPECT_EQ(v1->wait_closed(k_frame_timeout).code, 1008);
    EXPECT_GE(metric_value(metrics_text(), "ordercast_auth_failures_total").value_or(0), 5.0);
}

TEST_F(auth_issuers, by_default_rooms_accept_then_close_a_bad_token) {
    start_server();
    auto client = connect_raw(ws_opts("/rooms?token=garbage"));
    ASSERT_TRUE(client->upgraded()) << client->http_status();
    auto closed = client->wait_closed(k_frame_timeout);
    EXPECT_EQ(closed.code, 1008);
    EXPECT_EQ(closed.reason, "Unauthorized");
}

}  // namespace
}  // namespace ordercast::test

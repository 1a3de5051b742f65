// Authentication at the upgrade: every kind of bad token is refused with one error frame
// and close 1008; good tokens are accepted from the query, the Authorization header and
// the Sec-WebSocket-Protocol header; Origin checks happen before the upgrade.
#include "support/openssl_tools.hpp"
#include "support/server_fixture.hpp"
#include "support/temp_dir.hpp"

namespace ordercast::test {
namespace {

class auth : public server_test {
protected:
    // Connects with `options` and checks the documented refusal: upgrade accepted, exactly
    // one error frame with `code` (and no connection_established), then close 1008 whose
    // reason is the same code.
    void expect_refused(const ws_options& options, const std::string& code) {
        auto client = connect_raw(options);
        ASSERT_TRUE(client->upgraded())
            << "a bad token must be refused after the upgrade, got HTTP " << client->http_status();
        std::vector<json_value> frames;
        auto closed = client->wait_closed(k_frame_timeout, &frames);
        ASSERT_TRUE(closed.closed) << "the connection stayed open; frames: " << describe(frames);
        ASSERT_EQ(frames.size(), 1u) << "expected exactly one error frame, got " << describe(frames);
        EXPECT_EQ(frames[0].str("/type"), "error") << frames[0].dump();
        EXPECT_EQ(frames[0].str("/data/code"), code) << frames[0].dump();
        EXPECT_TRUE(frames[0].str("/data/message")) << frames[0].dump();
        EXPECT_EQ(closed.code, 1008) << closed.reason << closed.error;
        EXPECT_EQ(closed.reason, code);
    }

    void expect_refused(const std::string& token, const std::string& code = "AUTHENTICATION_FAILED") {
        expect_refused(ws_opts("/v1?token=" + token), code);
    }

    jwt_claims good_claims() const { return make_claims("c1", "customer", "s1"); }
};

// ---------------------------------------------------------------------------------------
// HS256 (the default configuration)
// ---------------------------------------------------------------------------------------
class auth_hs256 : public auth {
protected:
    void SetUp() override { start_server(); }
};

TEST_F(auth_hs256, valid_token_in_query_is_accepted) {
    EXPECT_NO_THROW(connect(token("c1", "customer", "s1")));
}

TEST_F(auth_hs256, missing_token_is_refused_with_1008) {
    expect_refused(ws_opts("/v1"), "AUTHENTICATION_FAILED");
}

TEST_F(auth_hs256, empty_token_is_refused_with_1008) {
    expect_refused(ws_opts("/v1?token="), "AUTHENTICATION_FAILED");
}

TEST_F(auth_hs256, garbage_token_is_refused_with_1008) {
    expect_refused("not.a.jwt");
}

TEST_F(auth_hs256, alg_none_token_is_refused_with_1008) {
    expect_refused(unsigned_token(good_claims()));
}

TEST_F(auth_hs256, token_signed_with_another_secret_is_refused_with_1008) {
    expect_refused(sign_hs256(good_claims(), "another-secret-that-is-long-enough-0123456789"));
}

TEST_F(auth_hs256, tampered_payload_is_refused_with_1008) {
    auto genuine = sign_hs256(good_claims(), k_test_secret);
    auto forged_claims = good_claims();
    forged_claims.role = "admin";
    auto forged = sign_hs256(forged_claims, "whatever-secret-the-attacker-has-0123456");
    // The genuine header and signature around the attacker's payload.
    auto first_dot = genuine.find('.');
    auto last_dot = genuine.rfind('.');
    auto forged_payload = forged.substr(forged.find('.') + 1, forged.rfind('.') - forged.find('.') - 1);
    expect_refused(genuine.substr(0, first_dot + 1) + forged_payload + genuine.substr(last_dot));
}

TEST_F(auth_hs256, rs256_token_is_refused_when_hs256_is_configured) {
    temp_dir keys;
    auto rsa = generate_rsa_key(keys);
    expect_refused(sign_rs256(good_claims(), rsa.private_pem));
}

TEST_F(auth_hs256, expired_token_is_refused_with_token_expired) {
    auto claims = good_claims();
    claims.iat = unix_now() - 7200;
    claims.exp = unix_now() - 3600;  // far beyond any leeway
    expect_refused(sign_hs256(claims, k_test_secret), "TOKEN_EXPIRED");
}

TEST_F(auth_hs256, token_without_exp_is_refused) {
    auto claims = good_claims();
    claims.exp.reset();
    expect_refused(sign_hs256(claims, k_test_secret));
}

TEST_F(auth_hs256, token_not_yet_valid_is_refused_with_1008) {
    auto claims = good_claims();
    claims.nbf = unix_now() + 3600;
    claims.exp = unix_now() + 7200;
    expect_refused(sign_hs256(claims, k_test_secret));
}

TEST_F(auth_hs256, token_without_subject_is_refused) {
    auto claims = good_claims();
    claims.sub.reset();
    expect_refused(sign_hs256(claims, k_test_secret));
}

TEST_F(auth_hs256, token_with_unknown_role_is_refused) {
    auto claims = good_claims();
    claims.role = "superuser";
    expect_refused(sign_hs256(claims, k_test_secret));
}

TEST_F(auth_hs256, refused_tokens_are_counted_in_auth_failures_metric) {
    auto before = metric_value(metrics_text(), "ordercast_auth_failures_total").value_or(0);
    expect_refused(unsigned_token(good_claims()));
    expect_refused("garbage");
    EXPECT_TRUE(eventually(
        [&] {
            return metric_value(metrics_text(), "ordercast_auth_failures_total").value_or(0) >= before + 2;
        },
        3s))
        << metrics_text();
}

TEST_F(auth_hs256, token_in_authorization_header_is_accepted) {
    auto options = ws_opts("/v1");
    options.headers.emplace_back("Authorization", "Bearer " + token("c1", "customer", "s1"));
    auto client = connect_raw(options);
    ASSERT_TRUE(client->upgraded()) << client->http_status();
    auto hello = client->receive(k_frame_timeout);
    ASSERT_TRUE(hello);
    EXPECT_EQ(hello->str("/type"), "connection_established") << hello->dump();
    EXPECT_EQ(hello->str("/data/userId"), "c1");
}

TEST_F(auth_hs256, bad_token_in_authorization_header_is_refused) {
    auto options = ws_opts("/v1");
    options.headers.emplace_back("Authorization", "Bearer " + unsigned_token(good_claims()));
    expect_refused(options, "AUTHENTICATION_FAILED");
}

TEST_F(auth_hs256, token_in_subprotocol_is_accepted_and_bearer_is_echoed) {
    auto options = ws_opts("/v1");
    options.subprotocols = {"bearer", token("c1", "customer", "s1")};
    auto client = connect_raw(options);
    ASSERT_TRUE(client->upgraded()) << client->http_status();
    EXPECT_EQ(client->response_header("Sec-WebSocket-Protocol"), "bearer")
        << "the server must echo the offered value that is not the token";
    auto hello = client->receive(k_frame_timeout);
    ASSERT_TRUE(hello);
    EXPECT_EQ(hello->str("/type"), "connection_established") << hello->dump();
}

TEST_F(auth_hs256, token_alone_in_subprotocol_is_accepted_and_echoed) {
    auto t = token("c1", "customer", "s1");
    auto options = ws_opts("/v1");
    options.subprotocols = {t};
    auto client = connect_raw(options);
    ASSERT_TRUE(client->upgraded()) << client->http_status();
    EXPECT_EQ(client->response_header("Sec-WebSocket-Protocol"), t);
    auto hello = client->receive(k_frame_timeout);
    ASSERT_TRUE(hello);
    EXPECT_EQ(hello->str("/type"), "connection_established") << hello->dump();
}

TEST_F(auth_hs256, bad_token_in_subprotocol_is_refused) {
    auto options = ws_opts("/v1");
    options.subprotocols = {"bearer",
                            sign_hs256(good_claims(), "another-secret-that-is-long-enough-0123456789")};
    expect_refused(options, "AUTHENTICATION_FAILED");
}

TEST_F(auth_hs256, token_minted_by_the_cli_is_accepted) {
    auto r =
        run_process(ordercast_binary(),
                    {"token", "--sub", "emp-3", "--role", "employee", "--site", "s9", "--stations", "a,b"},
                    {{"ORDERCAST_AUTH_JWT_SECRET", k_test_secret}}, 10s);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string minted = r.out;
    while (!minted.empty() && (minted.back() == '\n' || minted.back() == '\r' || minted.back() == ' '))
        minted.pop_back();
    ASSERT_EQ(std::count(minted.begin(), minted.end(), '.'), 2) << "not a compact JWT: " << r.out;
    json_value hello;
    auto client = connect(minted, &hello);
    EXPECT_EQ(hello.str("/data/userId"), "emp-3");
    EXPECT_EQ(hello.str("/data/userType"), "employee");
    EXPECT_EQ(hello.str("/data/siteId"), "s9");
    EXPECT_EQ(hello.strings("/data/stations"), (std::vector<std::string>{"a", "b"}));
}

// ---------------------------------------------------------------------------------------
// Issuer and audience
// ---------------------------------------------------------------------------------------
class auth_claims : public auth {
protected:
    void SetUp() override {
        start_server(
            {{"ORDERCAST_AUTH_ISSUER", "https://id.example.com"}, {"ORDERCAST_AUTH_AUDIENCE", "ordercast"}});
    }
    jwt_claims issued() const {
        auto c = good_claims();
        c.iss = "https://id.example.com";
        c.aud = "ordercast";
        return c;
    }
};

TEST_F(auth_claims, token_with_configured_issuer_and_audience_is_accepted) {
    EXPECT_NO_THROW(connect(sign_hs256(issued(), k_test_secret)));
}

TEST_F(auth_claims, wrong_audience_is_refused_with_1008) {
    auto c = issued();
    c.aud = "some-other-service";
    expect_refused(sign_hs256(c, k_test_secret));
}

TEST_F(auth_claims, wrong_issuer_is_refused_with_1008) {
    auto c = issued();
    c.iss = "https://evil.example.com";
    expect_refused(sign_hs256(c, k_test_secret));
}

TEST_F(auth_claims, missing_audience_is_refused_when_one_is_configured) {
    auto c = issued();
    c.aud.reset();
    expect_refused(sign_hs256(c, k_test_secret));
}

// ---------------------------------------------------------------------------------------
// RS256 and ES256 (public key configured)
// ---------------------------------------------------------------------------------------
class auth_rs256 : public auth {
protected:
    void SetUp() override {
        rsa_ = generate_rsa_key(keys_);
        start_server({{"ORDERCAST_AUTH_JWT_SECRET", ""},
                      {"ORDERCAST_AUTH_JWT_ALGORITHM", "RS256"},
                      {"ORDERCAST_AUTH_JWT_PUBLIC_KEY_FILE", rsa_.public_key_file.string()}});
    }
    temp_dir keys_;
    key_pair rsa_;
};

TEST_F(auth_rs256, valid_rs256_token_is_accepted) {
    json_value hello;
    auto client = connect(sign_rs256(good_claims(), rsa_.private_pem), &hello);
    EXPECT_EQ(hello.str("/data/userId"), "c1");
}

TEST_F(auth_rs256, hs256_token_signed_with_the_public_key_is_refused) {
    // The algorithm-confusion attack: the public key is public, so an HMAC keyed with its
    // PEM bytes must never verify.
    expect_refused(sign_hs256(good_claims(), rsa_.public_pem));
}

TEST_F(auth_rs256, rs256_token_signed_with_another_key_is_refused) {
    auto other = generate_rsa_key(keys_, "other");
    expect_refused(sign_rs256(good_claims(), other.private_pem));
}

TEST_F(auth_rs256, alg_none_token_is_refused) {
    expect_refused(unsigned_token(good_claims()));
}

TEST_F(auth_rs256, expired_rs256_token_is_refused_with_token_expired) {
    auto claims = good_claims();
    claims.exp = unix_now() - 3600;
    expect_refused(sign_rs256(claims, rsa_.private_pem), "TOKEN_EXPIRED");
}

class auth_es256 : public auth {
protected:
    void SetUp() override {
        ec_ = generate_ec_key(keys_);
        start_server({{"ORDERCAST_AUTH_JWT_SECRET", ""},
                      {"ORDERCAST_AUTH_JWT_ALGORITHM", "ES256"},
                      {"ORDERCAST_AUTH_JWT_PUBLIC_KEY_FILE", ec_.public_key_file.string()}});
    }
    temp_dir keys_;
    key_pair ec_;
};

TEST_F(auth_es256, valid_es256_token_is_accepted) {
    json_value hello;
    auto client = connect(sign_es256(good_claims(), ec_.private_pem), &hello);
    EXPECT_EQ(hello.str("/data/userId"), "c1");
}

TEST_F(auth_es256, es256_token_signed_with_another_key_is_refused) {
    auto other = generate_ec_key(keys_, "other");
    expect_refused(sign_es256(good_claims(), other.private_pem));
}

TEST_F(auth_es256, hs256_token_signed_with_the_public_key_is_refused) {
    expect_refused(sign_hs256(good_claims(), ec_.public_pem));
}

// ---------------------------------------------------------------------------------------
// Origin
// ---------------------------------------------------------------------------------------
class auth_origin : public auth {
protected:
    void SetUp() override {
        start_server(
            {{"ORDERCAST_SERVER_ALLOWED_ORIGINS", "https://shop.example.com,https://staff.example.com"}});
    }
    ws_options with_origin(const std::string& origin) {
        auto o = ws_opts("/v1?token=" + token("c1", "customer", "s1"));
        o.headers.emplace_back("Origin", origin);
        return o;
    }
};

TEST_F(auth_origin, cross_site_origin_is_refused_with_403_before_upgrade) {
    auto client = connect_raw(with_origin("https://evil.example.net"));
    EXPECT_FALSE(client->upgraded());
    EXPECT_EQ(client->http_status(), 403u);
}

TEST_F(auth_origin, listed_origin_is_accepted) {
    auto client = connect_raw(with_origin("https://staff.example.com"));
    ASSERT_TRUE(client->upgraded()) << client->http_status();
    auto hello = client->receive(k_frame_timeout);
    ASSERT_TRUE(hello);
    EXPECT_EQ(hello->str("/type"), "connection_established");
}

TEST_F(auth_origin, request_without_origin_is_accepted) {
    EXPECT_NO_THROW(connect(token("c1", "customer", "s1")));
}

}  // namespace
}  // namespace ordercast::test

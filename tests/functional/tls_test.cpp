// TLS: with a certificate configured the server speaks wss:// and https:// only.
#include "support/openssl_tools.hpp"
#include "support/server_fixture.hpp"
#include "support/temp_dir.hpp"

namespace ordercast::test {
namespace {

class tls : public server_test {
protected:
    void SetUp() override {
        cert_ = generate_self_signed_certificate(dir_);
        start_server({{"ORDERCAST_TLS_CERT_FILE", cert_.cert_file.string()},
                      {"ORDERCAST_TLS_KEY_FILE", cert_.key_file.string()}});
    }
    ws_options wss(const std::string& target) {
        auto o = ws_opts(target);
        o.tls = true;
        o.ca_file = cert_.cert_file.string();
        return o;
    }
    http_client https() {
        auto o = http_opts();
        o.tls = true;
        o.ca_file = cert_.cert_file.string();
        return http_client(o);
    }
    temp_dir dir_;
    certificate cert_;
};

TEST_F(tls, wss_client_connects_and_receives_published_events) {
    auto client = connect_raw(wss("/v1?token=" + token("c1", "customer", "s1")));
    ASSERT_TRUE(client->upgraded()) << client->http_status();
    ASSERT_TRUE(client->receive_type("connection_established", k_frame_timeout));
    ASSERT_TRUE(client->send(R"({"type":"subscribe","data":{"channels":["site:s1:general"]}})"));
    ASSERT_TRUE(client->receive_type("subscription_confirmed", k_frame_timeout));

    auto publisher = https();
    auto res = publisher.post_json(
        "/api/v1/publish", R"({"channel":"site:s1:general","type":"hello","data":{}})", service_token());
    ASSERT_EQ(res.status, 200u) << res.body << res.error;
    EXPECT_TRUE(client->receive_type("hello", k_frame_timeout));
}

TEST_F(tls, https_health_is_ok) {
    auto client = https();
    auto res = client.get("/health");
    EXPECT_EQ(res.status, 200u) << res.error;
    EXPECT_EQ(res.json().str("/status"), "ok") << res.body;
}

TEST_F(tls, plaintext_http_on_the_tls_port_gets_no_service) {
    http_client plain(http_opts());
    auto res = plain.get("/health");
    EXPECT_NE(res.status, 200u) << "the TLS listener answered plaintext HTTP";
}

TEST_F(tls, bad_token_over_wss_is_refused_with_1008) {
    auto client = connect_raw(wss("/v1?token=" + unsigned_token(make_claims("c1", "customer", "s1"))));
    ASSERT_TRUE(client->upgraded());
    EXPECT_EQ(client->wait_closed(k_frame_timeout).code, 1008);
}

}  // namespace
}  // namespace ordercast::test

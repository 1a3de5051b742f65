// A connection lives only as long as its token: it is warned with token_expiring, closed
// 1008 at expiry, and kept open by refresh_token.
#include "support/server_fixture.hpp"

namespace ordercast::test {
namespace {

using clock_type = std::chrono::steady_clock;

class token_lifetime : public server_test {
protected:
    void SetUp() override {
        // No leeway, so the connection ends at the token's exp, not 30 s later.
        start_server({{"ORDERCAST_AUTH_TOKEN_EXPIRING_NOTICE_S", "2"}, {"ORDERCAST_AUTH_LEEWAY_S", "0"}});
    }
};

TEST_F(token_lifetime, short_lived_token_gets_token_expiring_then_close_1008) {
    auto start = clock_type::now();
    auto client = connect(token("c1", "customer", "s1", {}, 4));
    std::vector<json_value> frames;
    auto closed = client->wait_closed(12s, &frames);
    auto elapsed = clock_type::now() - start;

    ASSERT_TRUE(closed.closed) << "still open 12 s after a 4 s token; frames " << describe(frames);
    EXPECT_EQ(closed.code, 1008) << closed.reason << closed.error;
    // Not before expiry (exp has 1 s granularity, hence the slack) and not long after.
    EXPECT_GE(elapsed, 2500ms);
    EXPECT_LE(elapsed, 8s);

    auto warning = std::find_if(frames.begin(), frames.end(),
                                [](const json_value& f) { return f.str("/type") == "token_expiring"; });
    ASSERT_NE(warning, frames.end()) << "no token_expiring before the close: " << describe(frames);
    EXPECT_TRUE(warning->str("/data/expiresAt")) << warning->dump();
    auto left = warning->i64("/data/secondsLeft");
    ASSERT_TRUE(left) << warning->dump();
    EXPECT_GE(*left, 0);
    EXPECT_LE(*left, 2) << "the notice is configured 2 s before expiry";
}

TEST_F(token_lifetime, refresh_token_extends_the_connection_past_the_old_expiry) {
    auto start = clock_type::now();
    auto client = connect(token("c1", "customer", "s1", {}, 4));
    auto warning = client->receive_type("token_expiring", 6s);
    ASSERT_TRUE(warning) << "no token_expiring; closed=" << client->close_status().closed;

    auto fresh = token("c1", "customer", "s1", {}, 600);
    ASSERT_TRUE(client->send(R"({"type":"refresh_token","data":{"token":")" + fresh + "\"}}"));
    auto refreshed = client->receive_type("token_refreshed", k_frame_timeout);
    ASSERT_TRUE(refreshed) << "no token_refreshed; close code " << client->close_status().code;
    auto expires_at = refreshed->str("/data/expiresAt");
    ASSERT_TRUE(expires_at) << refreshed->dump();
    EXPECT_TRUE(is_iso8601_utc_ms(*expires_at)) << *expires_at;

    // Well past the first token's expiry the connection still answers.
    std::this_thread::sleep_until(start + 6500ms);
    ASSERT_TRUE(client->send(R"({"type":"ping"})"));
    EXPECT_TRUE(client->receive_type("pong", k_frame_timeout))
        << "closed with " << client->close_status().code;
    EXPECT_TRUE(client->is_open());
}

TEST_F(token_lifetime, refresh_with_an_invalid_token_is_refused) {
    auto client = connect(token("c1", "customer", "s1", {}, 600));
    auto bad = sign_hs256(make_claims("c1", "customer", "s1"), "not-the-server-secret-but-long-enough-123");
    ASSERT_TRUE(client->send(R"({"type":"refresh_token","data":{"token":")" + bad + "\"}}"));
    auto err = client->receive_type("error", k_frame_timeout);
    ASSERT_TRUE(err);
    EXPECT_EQ(err->str("/data/code"), "AUTHENTICATION_FAILED") << err->dump();
}

TEST_F(token_lifetime, refresh_token_without_token_field_is_invalid_message) {
    auto client = connect(token("c1", "customer", "s1", {}, 600));
    ASSERT_TRUE(client->send(R"({"type":"refresh_token","data":{}})"));
    auto err = client->receive_type("error", k_frame_timeout);
    ASSERT_TRUE(err);
    EXPECT_EQ(err->str("/data/code"), "INVALID_MESSAGE") << err->dump();
    EXPECT_TRUE(client->is_open());
}

}  // namespace
}  // namespace ordercast::test

// Per-connection and per-user limits: inbound rate, subscriptions, connections, frame size.
#include "support/server_fixture.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <fstream>
#include <thread>

namespace ordercast::test {
namespace {

class limits : public server_test {};

TEST_F(limits, burst_over_the_rate_limit_is_answered_with_rate_limit_exceeded) {
    start_server({{"ORDERCAST_LIMITS_MESSAGES_PER_MINUTE", "60"},
                  {"ORDERCAST_LIMITS_MESSAGE_BURST", "5"},
                  {"ORDERCAST_LIMITS_RATE_LIMIT_STRIKES", "100"}});
    auto client = connect(token("c1", "customer", "s1"));
    for (int i = 0; i < 8; ++i) ASSERT_TRUE(client->send(R"({"type":"ping"})"));
    int pongs = 0;
    std::optional<json_value> limited;
    for (int i = 0; i < 8; ++i) {
        auto f = client->receive(k_frame_timeout);
        ASSERT_TRUE(f) << "frame " << i << " missing";
        if (f->str("/type") == "pong") ++pongs;
        if (f->str("/type") == "error" && !limited) limited = f;
    }
    // 5 from the bucket, at most one more refilled (1 per second) while sending.
    EXPECT_GE(pongs, 5);
    EXPECT_LE(pongs, 6);
    ASSERT_TRUE(limited) << "no RATE_LIMIT_EXCEEDED after 8 messages with a burst of 5";
    EXPECT_EQ(limited->str("/data/code"), "RATE_LIMIT_EXCEEDED") << limited->dump();
    auto retry = limited->number("/data/retryAfter");
    ASSERT_TRUE(retry) << limited->dump();
    EXPECT_GT(*retry, 0);
    EXPECT_LE(*retry, 60);
    EXPECT_EQ(limited->i64("/data/limit"), 60) << limited->dump();
    EXPECT_EQ(limited->i64("/data/window"), 60) << limited->dump();
    EXPECT_TRUE(client->is_open()) << "below the strike count the connection stays open";

    auto hits = metric_value(metrics_text(), "ordercast_rate_limit_hits_total");
    ASSERT_TRUE(hits) << metrics_text();
    EXPECT_GE(*hits, 2);
}

TEST_F(limits, repeated_rate_limit_abuse_closes_with_1008_after_the_strikes) {
    start_server({{"ORDERCAST_LIMITS_MESSAGES_PER_MINUTE", "60"},
                  {"ORDERCAST_LIMITS_MESSAGE_BURST", "3"},
                  {"ORDERCAST_LIMITS_RATE_LIMIT_STRIKES", "3"}});
    auto client = connect(token("c1", "customer", "s1"));
    for (int i = 0; i < 12 && client->is_open(); ++i) client->send(R"({"type":"ping"})");
    std::vector<json_value> frames;
    auto closed = client->wait_closed(k_frame_timeout, &frames);
    ASSERT_TRUE(closed.closed) << "still open after 12 messages with a burst of 3; frames "
                               << describe(frames);
    EXPECT_EQ(closed.code, 1008) << closed.reason << closed.error;
    auto strikes = std::count_if(frames.begin(), frames.end(), [](const json_value& f) {
        return f.str("/data/code") == "RATE_LIMIT_EXCEEDED";
    });
    EXPECT_EQ(strikes, 3) << "limits.rate_limit_strikes answers, then the close: " << describe(frames);
}

TEST_F(limits, subscriptions_over_the_limit_fail_with_subscription_limit) {
    start_server({{"ORDERCAST_LIMITS_SUBSCRIPTIONS_PER_CONNECTION", "3"}});
    json_value hello;
    auto client = connect(token("a1", "admin"), &hello);  // admins auto-join nothing
    ASSERT_TRUE(hello.strings("/data/channels").empty()) << hello.dump();
    auto confirmed = subscribe(*client, {"user:u1", "user:u2", "user:u3", "user:u4", "user:u5"});
    EXPECT_EQ(confirmed.strings("/data/channels").size(), 3u) << confirmed.dump();
    auto failed = confirmed.items("/data/failed");
    ASSERT_EQ(failed.size(), 2u) << confirmed.dump();
    for (const auto& f : failed) EXPECT_EQ(f.str("/reason"), "subscription_limit") << f.dump();

    // Freeing a slot makes room again.
    ASSERT_TRUE(client->send(R"({"type":"unsubscribe","data":{"channels":["user:u1"]}})"));
    ASSERT_TRUE(client->receive_type("subscription_confirmed", k_frame_timeout));
    auto again = subscribe(*client, {"user:u9"});
    EXPECT_EQ(again.strings("/data/channels"), std::vector<std::string>{"user:u9"}) << again.dump();
    EXPECT_TRUE(client->is_open());
}

TEST_F(limits, connection_over_the_per_user_limit_is_closed_with_1008) {
    start_server({{"ORDERCAST_LIMITS_CONNECTIONS_PER_USER", "2"}});
    auto t = token("c1", "customer", "s1");
    auto first = connect(t);
    auto second = connect(t);
    auto third = connect_raw(ws_opts("/v1?token=" + t));
    ASSERT_TRUE(third->upgraded()) << third->http_status();
    std::vector<json_value> frames;
    auto closed = third->wait_closed(k_frame_timeout, &frames);
    ASSERT_TRUE(closed.closed) << "third connection of the same user stayed open: " << describe(frames);
    EXPECT_EQ(closed.code, 1008) << closed.reason << closed.error;
    for (const auto& f : frames) {
        EXPECT_NE(f.str("/type"), "connection_established") << "the refused connection was established first";
        if (f.str("/type") == "error") {
            EXPECT_EQ(f.str("/data/code"), "CONNECTION_LIMIT") << f.dump();
        }
    }

    // Other users are not affected, and a freed slot can be used again.
    EXPECT_NO_THROW(connect(token("c2", "customer", "s1")));
    first->close();
    EXPECT_TRUE(eventually(
        [&] {
            try {
                auto again = connect(t);
                return true;
            } catch (const std::exception&) {
                return false;
            }
        },
        3s, 100ms))
        << "a closed connection must free its slot";
    EXPECT_TRUE(second->is_open());
}

TEST_F(limits, message_over_max_bytes_closes_with_1009) {
    start_server({{"ORDERCAST_LIMITS_MAX_MESSAGE_BYTES", "1024"}});
    auto client = connect(token("c1", "customer", "s1"));
    std::string big = R"({"type":"ping","data":{"pad":")" + std::string(2000, 'x') + "\"}}";
    ASSERT_TRUE(client->send(big));
    std::vector<json_value> frames;
    auto closed = client->wait_closed(k_frame_timeout, &frames);
    ASSERT_TRUE(closed.closed) << describe(frames);
    EXPECT_EQ(closed.code, 1009) << closed.reason << closed.error;
    for (const auto& f : frames) EXPECT_NE(f.str("/type"), "pong") << "an oversized message was processed";
    // /v1 says why before it closes.
    ASSERT_EQ(frames.size(), 1u) << describe(frames);
    EXPECT_EQ(frames[0].str("/type"), "error");
    EXPECT_EQ(frames[0].str("/data/code"), "MESSAGE_TOO_LARGE");
    EXPECT_EQ(frames[0].str("/data/message"), "messages are limited to 1024 bytes");
}

TEST_F(limits, an_oversized_message_on_another_dialect_gets_no_v1_frame_only_the_1009) {
    start_server({{"ORDERCAST_LIMITS_MAX_MESSAGE_BYTES", "1024"}});
    // The rooms dialect takes limits.max_message_bytes (the factory's /ws keeps its own 64 KiB).
    auto client = connect_raw(ws_opts("/rooms?token=" + token("m1", "manager", "s1")));
    std::string big = R"({"action":"ping","pad":")" + std::string(2000, 'x') + R"("})";
    ASSERT_TRUE(client->send(big));
    std::vector<json_value> frames;
    auto closed = client->wait_closed(k_frame_timeout, &frames);
    ASSERT_TRUE(closed.closed) << describe(frames);
    EXPECT_EQ(closed.code, 1009) << closed.reason << closed.error;
    for (const auto& f : frames) EXPECT_FALSE(f.str("/data/code")) << "a /v1 frame on /rooms: " << f.dump();
}

TEST_F(limits, message_just_under_max_bytes_is_processed) {
    start_server({{"ORDERCAST_LIMITS_MAX_MESSAGE_BYTES", "1024"}});
    auto client = connect(token("c1", "customer", "s1"));
    std::string msg = R"({"type":"ping","data":{"pad":")";
    msg += std::string(1000 - msg.size() - 3, 'x') + "\"}}";
    ASSERT_EQ(msg.size(), 1000u);
    ASSERT_TRUE(client->send(msg));
    EXPECT_TRUE(client->receive_type("pong", k_frame_timeout)) << "closed " << client->close_status().code;
}

TEST_F(limits, fragmented_message_over_max_bytes_closes_with_1009) {
    start_server({{"ORDERCAST_LIMITS_MAX_MESSAGE_BYTES", "1024"}});
    auto options = ws_opts("/v1?token=" + token("c1", "customer", "s1"));
    options.auto_fragment = true;  // 256-byte fragments, each under the limit
    options.write_buffer_bytes = 256;
    auto client = connect_raw(options);
    ASSERT_TRUE(client->receive_type("connection_established", k_frame_timeout));
    // Small enough to leave the client in one go: the close must not race the send.
    std::string big = R"({"type":"ping","data":{"pad":")" + std::string(3000, 'y') + "\"}}";
    ASSERT_TRUE(client->send(big));
    auto closed = client->wait_closed(k_frame_timeout);
    ASSERT_TRUE(closed.closed);
    EXPECT_EQ(closed.code, 1009) << closed.reason << closed.error;
}

// A client that floods WebSocket pings and reads nothing must not grow the server's memory:
// its pongs count against the outbound queue, and past half of it the server stops reading
// from that client (so the flood backs up into the client's own socket).
TEST_F(limits, ping_flood_without_reading_does_not_grow_server_memory) {
    start_server({{"ORDERCAST_LIMITS_OUTBOUND_QUEUE_BYTES", "65536"}});
    auto options = ws_opts("/v1?token=" + token("c1", "customer", "s1"));
    options.receive_buffer_bytes = 4096;
    auto client = connect_raw(options);
    ASSERT_TRUE(client->receive_type("connection_established", k_frame_timeout));
    // Masked pings with a 125-byte payload, a thousand per write, straight to the socket.
    std::string ping = {'\x89', static_cast<char>(0x80 | 125), 1, 2, 3, 4};
    for (int i = 0; i < 125; ++i) ping.push_back(static_cast<char>('p' ^ (i % 4 + 1)));
    std::string batch;
    for (int i = 0; i < 1000; ++i) batch += ping;
    auto rss_kb = [&] {
        std::ifstream status("/proc/" + std::to_string(server().pid()) + "/status");
        std::string line;
        while (std::getline(status, line))
            if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
        return -1L;
    };
    // Growth is what counts: a sanitizer build starts far bigger than a release one.
    const long before_kb = rss_kb();
    const int fd = client->native_handle();
    std::size_t sent = 0;
    const auto deadline = std::chrono::steady_clock::now() + 4s;
    while (sent < (std::size_t{1} << 31) && std::chrono::steady_clock::now() < deadline) {
        const std::size_t at = sent % batch.size();  // a partial write resumes mid-frame
        ssize_t n = ::send(fd, batch.data() + at, batch.size() - at, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0)
            sent += static_cast<std::size_t>(n);
        else if (errno == EAGAIN || errno == EWOULDBLOCK)
            std::this_thread::sleep_for(1ms);
        else
            break;
    }
    // Without a bound, every ping read would leave a pong queued: gigabytes in 4 s.
    const long after_kb = rss_kb();
    ASSERT_GT(before_kb, 0);
    EXPECT_LT(after_kb - before_kb, 64 * 1024) << "server RSS grew from " << before_kb << " to " << after_kb
                                               << " kB after " << sent << " bytes of pings";
    // The server is still there for everyone else.
    EXPECT_EQ(http().get("/health").status, 200u);
}

}  // namespace
}  // namespace ordercast::test

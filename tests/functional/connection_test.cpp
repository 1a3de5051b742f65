// The /v1 session basics: the greeting, the envelope, heartbeats, message
// acknowledgements, and how malformed client frames are answered.
#include "support/server_fixture.hpp"

namespace ordercast::test {
namespace {

class connection : public server_test {
protected:
    void SetUp() override { start_server(); }
};

TEST_F(connection, established_frame_describes_the_authenticated_principal) {
    json_value hello;
    auto client = connect(token("emp-7", "employee", "s1", {"st1", "st2"}), &hello);

    EXPECT_EQ(hello.str("/type"), "connection_established");
    ASSERT_TRUE(hello.str("/timestamp")) << hello.dump();
    EXPECT_TRUE(is_iso8601_utc_ms(*hello.str("/timestamp"))) << *hello.str("/timestamp");
    auto id = hello.str("/data/connectionId");
    ASSERT_TRUE(id) << hello.dump();
    EXPECT_FALSE(id->empty());
    EXPECT_EQ(hello.str("/data/userId"), "emp-7");
    EXPECT_EQ(hello.str("/data/userType"), "employee");
    EXPECT_EQ(hello.str("/data/siteId"), "s1");
    EXPECT_EQ(hello.strings("/data/stations"), (std::vector<std::string>{"st1", "st2"})) << hello.dump();
    EXPECT_TRUE(hello.at("/data/capabilities").is_array()) << hello.dump();
    ASSERT_TRUE(hello.str("/data/serverTime")) << hello.dump();
    EXPECT_TRUE(is_iso8601_utc_ms(*hello.str("/data/serverTime")));
    EXPECT_TRUE(hello.at("/data/channels").is_array()) << hello.dump();
    EXPECT_TRUE(hello.at("/data/limits").is_object()) << hello.dump();
}

TEST_F(connection, each_connection_gets_a_distinct_connection_id) {
    json_value a, b;
    auto first = connect(token("c1", "customer", "s1"), &a);
    auto second = connect(token("c1", "customer", "s1"), &b);
    ASSERT_TRUE(a.str("/data/connectionId") && b.str("/data/connectionId"));
    EXPECT_NE(*a.str("/data/connectionId"), *b.str("/data/connectionId"));
}

TEST_F(connection, customer_is_joined_to_own_order_and_user_channels_on_connect) {
    json_value hello;
    auto client = connect(token("c42", "customer", "s1"), &hello);
    auto channels = hello.strings("/data/channels");
    EXPECT_NE(std::find(channels.begin(), channels.end(), "orders:customer:c42"), channels.end())
        << hello.dump();
    EXPECT_NE(std::find(channels.begin(), channels.end(), "user:c42"), channels.end()) << hello.dump();

    publish("user:c42", "notification", R"({"text":"hello"})");
    auto event = client->receive_type("notification", k_frame_timeout);
    ASSERT_TRUE(event) << "an auto-joined channel must deliver without an explicit subscribe";
    EXPECT_EQ(event->str("/channel"), "user:c42");
    EXPECT_EQ(event->str("/data/text"), "hello");
}

TEST_F(connection, ping_is_answered_with_pong_echoing_the_client_timestamp) {
    auto client = connect(token("c1", "customer", "s1"));
    ASSERT_TRUE(client->send(R"({"type":"ping","timestamp":"2024-01-15T10:30:00.000Z"})"));
    auto pong = client->receive_type("pong", k_frame_timeout);
    ASSERT_TRUE(pong);
    EXPECT_EQ(pong->str("/data/timestamp"), "2024-01-15T10:30:00.000Z") << pong->dump();
    ASSERT_TRUE(pong->str("/data/serverTime")) << pong->dump();
    EXPECT_TRUE(is_iso8601_utc_ms(*pong->str("/data/serverTime")));
    EXPECT_TRUE(pong->has("/serverTime")) << "seed 003 shows serverTime at the top level: " << pong->dump();
}

TEST_F(connection, ping_without_data_or_timestamp_is_answered) {
    auto client = connect(token("c1", "customer", "s1"));
    ASSERT_TRUE(client->send(R"({"type":"ping"})"));
    auto pong = client->receive_type("pong", k_frame_timeout);
    ASSERT_TRUE(pong);
    EXPECT_TRUE(pong->has("/data/serverTime")) << pong->dump();
}

TEST_F(connection, frame_with_message_id_is_acknowledged_as_processed) {
    auto client = connect(token("c1", "customer", "s1"));
    ASSERT_TRUE(
        client->send(R"({"type":"subscribe","messageId":"m-1","data":{"channels":["site:s1:general"]}})"));
    std::vector<json_value> before;
    auto ack = client->receive_type("message_acknowledged", k_frame_timeout, &before);
    ASSERT_TRUE(ack) << describe(before);
    EXPECT_EQ(ack->str("/data/messageId"), "m-1") << ack->dump();
    EXPECT_EQ(ack->str("/data/status"), "processed") << ack->dump();
    ASSERT_TRUE(ack->str("/data/processedAt")) << ack->dump();
    EXPECT_TRUE(is_iso8601_utc_ms(*ack->str("/data/processedAt")));
}

TEST_F(connection, failing_frame_with_message_id_gets_message_error_instead_of_error) {
    auto client = connect(token("c1", "customer", "s1"));
    ASSERT_TRUE(client->send(R"({"type":"subscribe","messageId":"m-2","data":{"channels":"not-a-list"}})"));
    std::vector<json_value> before;
    auto err = client->receive_type("message_error", k_frame_timeout, &before);
    ASSERT_TRUE(err) << describe(before);
    EXPECT_EQ(err->str("/data/messageId"), "m-2") << err->dump();
    EXPECT_EQ(err->str("/data/error/code"), "INVALID_MESSAGE") << err->dump();
    EXPECT_TRUE(err->str("/data/error/message")) << err->dump();
    for (const auto& f : before)
        EXPECT_NE(f.str("/type"), "error") << "got both error and message_error: " << f.dump();
}

TEST_F(connection, unparsable_json_closes_with_1003) {
    auto client = connect(token("c1", "customer", "s1"));
    ASSERT_TRUE(client->send("{this is not json"));
    auto closed = client->wait_closed(k_frame_timeout);
    ASSERT_TRUE(closed.closed) << "the server kept a connection that sent garbage open";
    EXPECT_EQ(closed.code, 1003) << closed.reason << closed.error;
}

TEST_F(connection, known_type_with_mistyped_fields_is_invalid_message_and_stays_open) {
    auto client = connect(token("c1", "customer", "s1"));
    ASSERT_TRUE(client->send(R"({"type":"subscribe","data":{"channels":42}})"));
    auto err = client->receive_type("error", k_frame_timeout);
    ASSERT_TRUE(err);
    EXPECT_EQ(err->str("/data/code"), "INVALID_MESSAGE") << err->dump();
    EXPECT_TRUE(err->str("/data/message")) << err->dump();

    ASSERT_TRUE(client->send(R"({"type":"ping"})"));
    EXPECT_TRUE(client->receive_type("pong", k_frame_timeout))
        << "connection must stay usable after INVALID_MESSAGE";
    EXPECT_TRUE(client->is_open());
}

TEST_F(connection, frame_without_type_is_invalid_message) {
    auto client = connect(token("c1", "customer", "s1"));
    ASSERT_TRUE(client->send(R"({"data":{"channels":["site:s1:general"]}})"));
    auto err = client->receive_type("error", k_frame_timeout);
    ASSERT_TRUE(err);
    EXPECT_EQ(err->str("/data/code"), "INVALID_MESSAGE") << err->dump();
    EXPECT_TRUE(client->is_open());
}

TEST_F(connection, unknown_type_is_answered_with_unknown_type_and_stays_open) {
    auto client = connect(token("c1", "customer", "s1"));
    ASSERT_TRUE(client->send(R"({"type":"teleport","data":{}})"));
    auto err = client->receive_type("error", k_frame_timeout);
    ASSERT_TRUE(err);
    EXPECT_EQ(err->str("/data/code"), "UNKNOWN_TYPE") << err->dump();

    ASSERT_TRUE(client->send(R"({"type":"ping"})"));
    EXPECT_TRUE(client->receive_type("pong", k_frame_timeout));
}

TEST_F(connection, every_server_frame_carries_an_iso_timestamp) {
    auto client = connect(token("c1", "customer", "s1"));
    ASSERT_TRUE(client->send(R"({"type":"ping"})"));
    ASSERT_TRUE(client->send(R"({"type":"teleport"})"));
    ASSERT_TRUE(client->send(R"({"type":"subscribe","data":{"channels":["site:s1:general"]}})"));
    std::vector<json_value> frames;
    for (int i = 0; i < 3; ++i) {
        auto f = client->receive(k_frame_timeout);
        ASSERT_TRUE(f) << "got only " << describe(frames);
        frames.push_back(*f);
    }
    for (const auto& f : frames) {
        auto ts = f.str("/timestamp");
        ASSERT_TRUE(ts) << f.dump();
        EXPECT_TRUE(is_iso8601_utc_ms(*ts)) << f.dump();
    }
}

TEST_F(connection, client_close_is_answered_and_frees_the_connection) {
    auto current = [&] { return metric_value(metrics_text(), "ordercast_connections_current").value_or(-1); };
    double baseline = current();
    ASSERT_GE(baseline, 0) << "ordercast_connections_current missing: " << metrics_text();
    auto client = connect(token("c1", "customer", "s1"));
    EXPECT_TRUE(eventually([&] { return current() == baseline + 1; }, 3s)) << metrics_text();
    client->close(1000);
    EXPECT_EQ(client->close_status().code, 1000) << "the server must answer a close frame with one";
    EXPECT_TRUE(eventually([&] { return current() == baseline; }, 3s)) << metrics_text();
}

// ---------------------------------------------------------------------------------------
// Heartbeat: WebSocket pings from the server, idle timeout for silent peers
// ---------------------------------------------------------------------------------------
class heartbeat : public server_test {
protected:
    void SetUp() override {
        start_server(
            {{"ORDERCAST_SERVER_PING_INTERVAL_MS", "200"}, {"ORDERCAST_SERVER_IDLE_TIMEOUT_MS", "800"}});
    }
};

TEST_F(heartbeat, client_answering_pings_outlives_the_idle_timeout) {
    auto client = connect(token("c1", "customer", "s1"));
    // Reading lets the client answer the server's pings with pongs; it sends nothing else.
    auto until = std::chrono::steady_clock::now() + 2500ms;
    while (std::chrono::steady_clock::now() < until && client->is_open()) client->receive(100ms);
    ASSERT_TRUE(client->is_open()) << "closed with " << client->close_status().code
                                   << " although it answered every ping";
    ASSERT_TRUE(client->send(R"({"type":"ping"})"));
    EXPECT_TRUE(client->receive_type("pong", k_frame_timeout));
}

TEST_F(heartbeat, server_pings_at_the_configured_interval) {
    auto client = connect(token("c1", "customer", "s1"));
    auto until = std::chrono::steady_clock::now() + 2000ms;
    while (std::chrono::steady_clock::now() < until && client->is_open()) client->receive(100ms);
    // 10 pings at a 200 ms interval; allow for timer slack.
    EXPECT_GE(client->pings_received(), 6) << "server.ping_interval_ms=200 over 2 s";
}

TEST_F(heartbeat, silent_client_is_closed_after_the_idle_timeout) {
    auto client = connect(token("c1", "customer", "s1"));
    // Not reading means not answering pings: the peer looks dead.
    std::this_thread::sleep_for(2000ms);
    auto closed = client->wait_closed(3s);
    EXPECT_TRUE(closed.closed) << "a peer silent for 2 s stayed open with server.idle_timeout_ms=800";
}

}  // namespace
}  // namespace ordercast::test

#include "bench/loadgen/dialect.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ordercast::bench {
namespace {

TEST(dialect, v1_messages_are_classified_by_role) {
    auto k = [](std::string_view t) { return classify_inbound(dialect_kind::v1, t).kind; };
    EXPECT_EQ(k(R"({"type":"connection_established","data":{"connectionId":"c1"}})"), inbound_kind::other);
    EXPECT_EQ(k(R"({"type":"subscription_confirmed","data":{"channels":["site:b1:general"],"failed":[]}})"),
              inbound_kind::subscribed);
    EXPECT_EQ(
        k(R"({"type":"subscription_confirmed","data":{"channels":[],"failed":[{"channel":"x","reason":"r"}]}})"),
        inbound_kind::subscribe_failed);
    EXPECT_EQ(k(R"({"type":"error","data":{"code":"RATE_LIMIT_EXCEEDED"}})"), inbound_kind::error);
    inbound d =
        classify_inbound(dialect_kind::v1, R"({"type":"bench","channel":"c","seq":1,"data":{"ts":55}})");
    EXPECT_EQ(d.kind, inbound_kind::delivery);
    EXPECT_EQ(d.ts_ns, 55u);
}

TEST(dialect, socketio_handshake_ping_and_events_are_recognised) {
    auto k = [](std::string_view t) { return classify_inbound(dialect_kind::socketio, t).kind; };
    EXPECT_EQ(
        k(R"(0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})"),
        inbound_kind::engine_open);
    EXPECT_EQ(k(R"(40{"sid":"def"})"), inbound_kind::ready);
    EXPECT_EQ(k(R"(42["subscribed","site:b1:general"])"), inbound_kind::subscribed);
    EXPECT_EQ(k("2"), inbound_kind::engine_ping);
    EXPECT_EQ(k(R"(44{"message":"not authorized"})"), inbound_kind::error);
    inbound d =
        classify_inbound(dialect_kind::socketio, R"(42["bench",{"channel":"c","data":{"ts":9,"pad":""}}])");
    EXPECT_EQ(d.kind, inbound_kind::delivery);
    EXPECT_EQ(d.ts_ns, 9u);
}

TEST(dialect, subscribe_and_publish_messages_match_what_the_servers_parse) {
    std::string s;
    append_subscribe_message(s, dialect_kind::v1, "site:b3:general");
    EXPECT_EQ(s, R"({"type":"subscribe","data":{"channels":["site:b3:general"]}})");
    s.clear();
    append_subscribe_message(s, dialect_kind::socketio, "site:b3:general");
    EXPECT_EQ(s, R"(42["subscribe","site:b3:general"])");
    s.clear();
    append_ws_publish_message(s, dialect_kind::v1, R"({"channel":"c"})");
    EXPECT_EQ(s, R"({"type":"publish","data":{"channel":"c"}})");
    s.clear();
    append_ws_publish_message(s, dialect_kind::socketio, R"({"channel":"c"})");
    EXPECT_EQ(s, R"(42["publish",{"channel":"c"}])");
}

TEST(dialect, only_v1_may_subscribe_right_after_the_upgrade) {
    EXPECT_TRUE(ready_after_upgrade(dialect_kind::v1));
    EXPECT_FALSE(ready_after_upgrade(dialect_kind::socketio));
    EXPECT_EQ(parse_dialect("socketio"), dialect_kind::socketio);
    EXPECT_FALSE(parse_dialect("mqtt"));
}

}  // namespace
}  // namespace ordercast::bench

#include "bench/loadgen/payload.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ordercast::bench {
namespace {

TEST(payload, publish_body_carries_channel_type_and_timestamp) {
    std::string body;
    append_publish_body(body, "site:b7:general", 123456789012345u, "xx");
    EXPECT_EQ(body,
              R"({"channel":"site:b7:general","type":"bench","data":{"ts":123456789012345,"pad":"xx"}})");
    EXPECT_EQ(find_timestamp(body), 123456789012345u);
}

TEST(payload, timestamp_is_found_inside_each_servers_envelope) {
    // ordercast /v1: the envelope has its own "timestamp", which must not be mistaken for ts.
    EXPECT_EQ(find_timestamp(
                  R"({"type":"bench","channel":"site:b1:general","seq":3,"epoch":"e1",)"
                  R"("messageId":"m","timestamp":"2025-01-01T00:00:00.000Z","data":{"ts":42,"pad":"x"}})"),
              42u);
    // Socket.IO event frame.
    EXPECT_EQ(find_timestamp(R"(42["bench",{"channel":"c","data":{"ts":7,"pad":""}}])"), 7u);
    // Python's json.dumps puts a space after the colon.
    EXPECT_EQ(find_timestamp(R"({"type": "bench", "data": {"ts": 99, "pad": "x"}})"), 99u);
}

TEST(payload, messages_without_a_timestamp_are_not_deliveries) {
    EXPECT_FALSE(
        find_timestamp(R"({"type":"subscription_confirmed","timestamp":"2025-01-01T00:00:00.000Z"})"));
    EXPECT_FALSE(find_timestamp(R"({"data":{"ts":"not a number"}})"));
}

TEST(payload, mono_ns_never_goes_backwards) {
    std::uint64_t a = mono_ns();
    std::uint64_t b = mono_ns();
    EXPECT_LE(a, b);
    EXPECT_GT(a, 0u);
}

}  // namespace
}  // namespace ordercast::bench

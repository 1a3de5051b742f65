// Critical events carry requiresAck and are sent again until acknowledged, a bounded
// number of times; acknowledged and non-critical events are delivered once.
#include "support/prometheus.hpp"
#include "support/server_fixture.hpp"

#include <map>
#include <string>
#include <vector>

namespace ordercast::test {
namespace {

using clock_type = std::chrono::steady_clock;
constexpr const char* k_channel = "site:s1:orders";
constexpr int k_ack_timeout_ms = 300;
constexpr int k_max_retries = 3;

class acks : public server_test {
protected:
    void SetUp() override {
        start_server({{"ORDERCAST_HUB_ACK_TIMEOUT_MS", std::to_string(k_ack_timeout_ms)},
                      {"ORDERCAST_HUB_ACK_MAX_RETRIES", std::to_string(k_max_retries)}});
        client_ = connect(token("m1", "manager", "s1"));
        subscribe(*client_, {k_channel});
    }
    // The client goes first: a server asked to stop waits for open clients to close.
    void TearDown() override {
        client_.reset();
        server_test::TearDown();
    }

    // Every delivery of `message_id` within `window`, with its arrival time.
    std::vector<std::pair<json_value, clock_type::time_point>> deliveries(const std::string& message_id,
                                                                          std::chrono::milliseconds window) {
        std::vector<std::pair<json_value, clock_type::time_point>> out;
        auto deadline = clock_type::now() + window;
        while (clock_type::now() < deadline) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
            auto f = client_->receive(left);
            if (f && f->str("/messageId") == message_id) out.emplace_back(*f, clock_type::now());
        }
        return out;
    }

    void ack(const std::string& message_id) {
        ASSERT_TRUE(
            client_->send(R"({"type":"ack","data":{"messageIds":[)" + json_quote(message_id) + "]}}"));
    }

    std::unique_ptr<ws_client> client_;
};

TEST_F(acks, unacknowledged_critical_event_is_redelivered_max_retries_times) {
    auto res = publish(k_channel, "order_ready", R"({"orderId":"o-1"})");
    auto id = res.str("/messageId").value_or("");
    // Long enough for a server whose timer is coarser than the configured timeout; the
    // timing itself is checked separately below.
    auto seen = deliveries(id, 4500ms);
    ASSERT_FALSE(seen.empty()) << "the event was never delivered";
    EXPECT_EQ(seen.front().first.boolean("/requiresAck"), true) << seen.front().first.dump();
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(1 + k_max_retries))
        << "expected the first delivery plus hub.ack_max_retries redeliveries";
    for (std::size_t i = 1; i < seen.size(); ++i) {
        EXPECT_EQ(seen[i].first.i64("/seq"), seen[0].first.i64("/seq")) << "a redelivery is the same event";
        EXPECT_EQ(seen[i].first.str("/type"), "order_ready");
        EXPECT_EQ(seen[i].first.boolean("/requiresAck"), true);
    }
}

TEST_F(acks, redelivery_follows_the_configured_ack_timeout) {
    auto res = publish(k_channel, "order_ready", R"({"orderId":"o-2"})");
    auto id = res.str("/messageId").value_or("");
    auto seen = deliveries(id, 2500ms);
    ASSERT_GE(seen.size(), 2u) << "no redelivery within 2.5 s with hub.ack_timeout_ms=" << k_ack_timeout_ms;
    for (std::size_t i = 1; i < seen.size(); ++i) {
        auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(seen[i].second - seen[i - 1].second);
        EXPECT_GE(gap.count(), k_ack_timeout_ms * 2 / 3)
            << "redelivery " << i << " came before hub.ack_timeout_ms";
        EXPECT_LE(gap.count(), k_ack_timeout_ms + 300)
            << "redelivery " << i << " came " << gap.count()
            << " ms after the previous one; hub.ack_timeout_ms is " << k_ack_timeout_ms;
    }
}

TEST_F(acks, acknowledged_critical_event_is_not_redelivered) {
    auto res = publish(k_channel, "order_status_changed", R"({"orderId":"o-1","currentStatus":"ready"})");
    auto id = res.str("/messageId").value_or("");
    auto event = client_->receive_type("order_status_changed", k_frame_timeout);
    ASSERT_TRUE(event);
    EXPECT_EQ(event->boolean("/requiresAck"), true) << event->dump();
    ack(id);
    auto again = deliveries(id, 2500ms);
    EXPECT_TRUE(again.empty()) << "redelivered after the ack: " << again.front().first.dump();
}

TEST_F(acks, ack_after_a_redelivery_stops_further_redeliveries) {
    auto res = publish(k_channel, "payment_processed", R"({"orderId":"o-1"})");
    auto id = res.str("/messageId").value_or("");
    std::size_t count = 0;
    auto deadline = clock_type::now() + 3s;
    while (count < 2 && clock_type::now() < deadline) {
        auto f = client_->receive(500ms);
        if (f && f->str("/messageId") == id) ++count;
    }
    ASSERT_EQ(count, 2u) << "expected the delivery and one redelivery";
    ack(id);
    auto later = deliveries(id, 2500ms);
    EXPECT_LE(later.size(), 1u) << "at most one redelivery may cross the ack on the wire";
}

TEST_F(acks, publish_with_critical_flag_requires_ack_for_any_type) {
    auto res = publish(k_channel, "custom_thing", "{}", /*critical=*/true);
    EXPECT_EQ(res.boolean("/requiresAck").value_or(true), true) << res.dump();
    auto id = res.str("/messageId").value_or("");
    auto seen = deliveries(id, 2500ms);
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.front().first.boolean("/requiresAck"), true) << seen.front().first.dump();
    EXPECT_GE(seen.size(), 2u) << "a critical event must be redelivered until acknowledged";
}

TEST_F(acks, non_critical_event_is_delivered_once_without_requires_ack) {
    auto res = publish(k_channel, "order_progress", R"({"progress":40})");
    auto id = res.str("/messageId").value_or("");
    auto seen = deliveries(id, 2500ms);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_NE(seen.front().first.boolean("/requiresAck"), true) << seen.front().first.dump();
}

TEST_F(acks, ack_carrying_a_message_id_is_itself_acknowledged) {
    auto res = publish(k_channel, "order_ready", "{}");
    auto id = res.str("/messageId").value_or("");
    ASSERT_TRUE(client_->receive_type("order_ready", k_frame_timeout));
    ASSERT_TRUE(client_->send(R"({"type":"ack","messageId":"ack-1","data":{"messageIds":[)" + json_quote(id) +
                              "]}}"));
    auto confirmed = client_->receive_type("message_acknowledged", k_frame_timeout);
    ASSERT_TRUE(confirmed);
    EXPECT_EQ(confirmed->str("/data/messageId"), "ack-1") << confirmed->dump();
}

TEST_F(acks, ack_without_message_ids_is_invalid_message) {
    ASSERT_TRUE(client_->send(R"({"type":"ack","data":{"messageIds":"all"}})"));
    auto err = client_->receive_type("error", k_frame_timeout);
    ASSERT_TRUE(err);
    EXPECT_EQ(err->str("/data/code"), "INVALID_MESSAGE") << err->dump();
    EXPECT_TRUE(client_->is_open());
}

// A client that reads but never acknowledges: the connection tracks only the newest
// hub.ack_max_pending, so the server's memory does not grow with what it ignores.
class bounded_acks : public acks {
protected:
    static constexpr int k_max_pending = 3;
    void SetUp() override {
        start_server({{"ORDERCAST_HUB_ACK_TIMEOUT_MS", std::to_string(k_ack_timeout_ms)},
                      {"ORDERCAST_HUB_ACK_MAX_RETRIES", std::to_string(k_max_retries)},
                      {"ORDERCAST_HUB_ACK_MAX_PENDING", std::to_string(k_max_pending)}});
        client_ = connect(token("m1", "manager", "s1"));
        subscribe(*client_, {k_channel});
    }
};

TEST_F(bounded_acks, only_the_newest_ack_max_pending_unacknowledged_events_are_sent_again) {
    std::vector<std::string> ids;
    for (int i = 0; i < k_max_pending + 2; ++i) {
        ids.push_back(publish(k_channel, "order_ready", "{}").str("/messageId").value_or(""));
        ASSERT_FALSE(ids.back().empty());
    }
    // Three redelivery rounds of the tracked ones fit in the window.
    std::map<std::string, int> deliveries;
    const auto deadline = clock_type::now() + std::chrono::milliseconds(k_ack_timeout_ms * 3 + 400);
    while (clock_type::now() < deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
        auto f = client_->receive(left);
        if (f && f->str("/type") == "order_ready") ++deliveries[f->str("/messageId").value_or("")];
    }
    EXPECT_EQ(deliveries[ids[0]], 1) << "pushed out of the pending list by newer ones: delivered once";
    EXPECT_EQ(deliveries[ids[1]], 1) << "pushed out of the pending list by newer ones: delivered once";
    for (int i = 2; i < k_max_pending + 2; ++i)
        EXPECT_GE(deliveries[ids[i]], 3) << "tracked event " << i << " must be sent again";
    auto res = http().get("/metrics");
    ASSERT_EQ(res.status, 200u);
    EXPECT_GE(metric_value(res.body, "ordercast_acks_abandoned_total").value_or(0), 2) << res.body;
}

TEST_F(acks, an_event_whose_retries_ran_out_counts_as_abandoned) {
    auto id = publish(k_channel, "order_ready", "{}").str("/messageId").value_or("");
    auto seen = deliveries(id, std::chrono::milliseconds(k_ack_timeout_ms * (k_max_retries + 2)));
    ASSERT_EQ(seen.size(), static_cast<std::size_t>(1 + k_max_retries));
    // Given up at the first tick after its last redelivery was due again.
    std::string body;
    EXPECT_TRUE(eventually(
        [&] {
            body = http().get("/metrics").body;
            return metric_value(body, "ordercast_acks_abandoned_total").value_or(0) >= 1;
        },
        std::chrono::seconds(5)))
        << body;
    EXPECT_EQ(metric_value(body, "ordercast_acks_abandoned_total").value_or(-1), 1) << body;
}

}  // namespace
}  // namespace ordercast::test

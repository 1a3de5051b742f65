// The acknowledgement list on its own: due order, retries, the bound, and no memory when empty.
#include "session/ack_tracker.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace ordercast::session {
namespace {

hub::event_ptr critical(std::string id, std::string channel = "order:o1") {
    auto ev = std::make_shared<hub::event>();
    ev->message_id = std::move(id);
    ev->channel = std::move(channel);
    ev->requires_ack = true;
    return ev;
}

// The message ids redeliver_due() hands back at `now`.
std::vector<std::string> due(ack_tracker& t, std::int64_t now, std::int64_t timeout = 100, int retries = 2) {
    std::vector<std::string> sent;
    t.redeliver_due(now, timeout, retries, [&](const hub::event_ptr& ev) { sent.push_back(ev->message_id); });
    return sent;
}

TEST(ack_tracker, an_empty_tracker_holds_no_memory_even_after_use) {
    ack_tracker t;
    EXPECT_EQ(t.capacity_bytes(), 0u);
    t.track(critical("m1"), 100, 10);
    EXPECT_GT(t.capacity_bytes(), 0u);
    t.acknowledge("m1");
    EXPECT_TRUE(t.empty());
    EXPECT_EQ(t.capacity_bytes(), 0u) << "an idle connection pays nothing for its acks";
}

TEST(ack_tracker, due_events_come_back_in_order_until_their_retries_are_spent) {
    ack_tracker t;
    t.track(critical("m1"), 100, 10);
    t.track(critical("m2"), 150, 10);
    EXPECT_TRUE(due(t, 99).empty());
    EXPECT_EQ(due(t, 120), std::vector<std::string>{"m1"});
    EXPECT_EQ(due(t, 160), std::vector<std::string>{"m2"});
    EXPECT_EQ(due(t, 220), std::vector<std::string>{"m1"}) << "due again one timeout after it was sent again";
    EXPECT_EQ(due(t, 400), (std::vector<std::string>{"m2"}));
    EXPECT_TRUE(due(t, 1000).empty()) << "two retries each, then given up";
    EXPECT_TRUE(t.empty());
    EXPECT_EQ(t.capacity_bytes(), 0u);
}

TEST(ack_tracker, tracking_an_event_twice_keeps_one_entry) {
    ack_tracker t;
    auto ev = critical("m1");
    t.track(ev, 100, 10);
    t.track(ev, 200, 10);
    EXPECT_EQ(t.size(), 1u);
}

TEST(ack_tracker, past_the_bound_the_oldest_is_given_up) {
    ack_tracker t;
    for (int i = 0; i < 5; ++i) t.track(critical("m" + std::to_string(i)), 100 + i, 3);
    EXPECT_EQ(t.size(), 3u);
    EXPECT_EQ(due(t, 1000), (std::vector<std::string>{"m2", "m3", "m4"}));
}

TEST(ack_tracker, acknowledging_or_leaving_the_channel_stops_redelivery) {
    ack_tracker t;
    t.track(critical("m1", "order:o1"), 100, 10);
    t.track(critical("m2", "order:o2"), 100, 10);
    t.track(critical("m3", "order:o2"), 100, 10);
    t.acknowledge("m1");
    t.forget_channel("order:o2");
    EXPECT_TRUE(due(t, 1000).empty());
    EXPECT_EQ(t.capacity_bytes(), 0u);
}

}  // namespace
}  // namespace ordercast::session

// hub::subscriber_count: the read-only count domain code uses to skip work for channels
// nobody listens to and to cap subscribers per channel.
#include "hub/hub.hpp"

#include "hub/hub_test_support.hpp"

#include <gtest/gtest.h>

namespace ordercast::hub {
namespace {

TEST(hub_subscriber_count, counts_subscriptions_on_every_worker_and_forgets_them_on_unsubscribe) {
    testing::counting_dispatcher d(2);
    hub h(hub_options{}, 2, d, {});
    testing::recording_subscriber a, b, c;
    EXPECT_EQ(h.subscriber_count("operation:1"), 0u) << "a channel that never lived";
    h.subscribe(0, &a, "operation:1", std::nullopt);
    h.subscribe(1, &b, "operation:1", std::nullopt);
    h.subscribe(1, &c, "operation:2", std::nullopt);
    h.subscribe(0, &a, "operation:1", std::nullopt);  // again: still one subscription
    EXPECT_EQ(h.subscriber_count("operation:1"), 2u);
    EXPECT_EQ(h.subscriber_count("operation:2"), 1u);
    h.publish(testing::request("operation:1"));
    EXPECT_TRUE(h.unsubscribe(1, &b, "operation:1"));
    EXPECT_EQ(h.subscriber_count("operation:1"), 1u) << "history keeps the channel, not its subscribers";
    h.unsubscribe_all(0, &a);
    h.unsubscribe_all(1, &c);
    EXPECT_EQ(h.subscriber_count("operation:1"), 0u);
    EXPECT_EQ(h.subscriber_count("operation:2"), 0u);
}

}  // namespace
}  // namespace ordercast::hub

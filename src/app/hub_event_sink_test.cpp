// The application's event sink over a real hub: what the domain publishes is what the hub
// numbers, keeps and delivers, and the subscriber questions read the hub's subscriptions.
#include "app/hub_event_sink.hpp"

#include <gtest/gtest.h>

#include "hub/hub.hpp"
#include "hub/hub_test_support.hpp"

namespace ordercast::app {
namespace {

TEST(hub_event_sink, a_published_event_reaches_the_hub_as_it_was_sent) {
    hub::testing::counting_dispatcher dispatcher(1);
    hub::hub_options options;
    options.critical_types = {"order_status_changed"};
    hub::hub h(options, 1, dispatcher, nullptr);
    hub_event_sink sink(h);
    sink.publish({"site:s1:queue", "queue_update", R"({"siteId":"s1"})", false});
    sink.publish({"site:s1:queue", "job_status_changed", R"({"jobId":"J"})", true});
    sink.publish({"order:o1", "order_status_changed", "{}", false});
    auto kept = h.history("site:s1:queue", 0, 10);
    ASSERT_EQ(kept.size(), 2u);
    EXPECT_EQ(kept[0]->type, "queue_update");
    EXPECT_EQ(kept[0]->data, R"({"siteId":"s1"})");
    EXPECT_FALSE(kept[0]->requires_ack);
    EXPECT_EQ(kept[1]->type, "job_status_changed");
    EXPECT_TRUE(kept[1]->requires_ack) << "the publisher asked for an acknowledgement";
    EXPECT_TRUE(h.history("order:o1", 0, 1).at(0)->requires_ack) << "a critical type needs one anyway";
    EXPECT_THROW(sink.publish({"", "x", "{}", false}), std::invalid_argument)
        << "the hub's refusal reaches the caller";
}

TEST(hub_event_sink, subscriber_questions_follow_the_hub_s_subscriptions) {
    hub::testing::counting_dispatcher dispatcher(1);
    hub::hub h(hub::hub_options{}, 1, dispatcher, nullptr);
    hub_event_sink sink(h);
    EXPECT_FALSE(sink.has_any_subscriber());
    EXPECT_FALSE(sink.has_subscribers("system:status"));
    hub::testing::recording_subscriber screen;
    h.subscribe(0, &screen, "system:status", std::nullopt);
    EXPECT_TRUE(sink.has_any_subscriber());
    EXPECT_TRUE(sink.has_subscribers("system:status"));
    EXPECT_FALSE(sink.has_subscribers("site:s1:metrics"));
    h.unsubscribe_all(0, &screen);
    EXPECT_FALSE(sink.has_subscribers("system:status"));
    EXPECT_FALSE(sink.has_any_subscriber());
}

}  // namespace
}  // namespace ordercast::app

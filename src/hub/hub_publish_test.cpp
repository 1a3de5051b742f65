#include "hub/hub.hpp"

#include "hub/hub_test_support.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace ordercast::hub {
namespace {

using namespace std::chrono_literals;
using testing::counting_dispatcher;
using testing::manual_clock;
using testing::range;
using testing::recording_subscriber;
using testing::request;
using testing::seqs_of;

hub_options options_with_epoch(std::string epoch = "e1") {
    hub_options o;
    o.epoch = std::move(epoch);
    return o;
}

TEST(hub_publish, numbers_seq_per_channel_and_global_id_across_channels) {
    counting_dispatcher d(1);
    hub h(options_with_epoch(), 1, d, {});
    const auto a1 = h.publish(request("a"));
    const auto b1 = h.publish(request("b"));
    const auto a2 = h.publish(request("a"));
    EXPECT_EQ(a1->seq, 1u);
    EXPECT_EQ(b1->seq, 1u);
    EXPECT_EQ(a2->seq, 2u);
    EXPECT_EQ(a1->global_id, 1u);
    EXPECT_EQ(b1->global_id, 2u);
    EXPECT_EQ(a2->global_id, 3u);
    EXPECT_EQ(a2->message_id, "e1-3");
    EXPECT_EQ(a2->channel, "a");
}

TEST(hub_publish, generates_an_eight_hex_digit_epoch_when_none_is_configured) {
    counting_dispatcher d(1);
    hub first(hub_options{}, 1, d, {});
    hub second(hub_options{}, 1, d, {});
    EXPECT_EQ(first.epoch().size(), 8u);
    EXPECT_EQ(first.epoch().find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_NE(first.epoch(), second.epoch());  // 1 in 2^32 to fail by chance
    EXPECT_EQ(first.publish(request("a"))->message_id, first.epoch() + "-1");
}

TEST(hub_publish, stamps_the_clock_time) {
    counting_dispatcher d(1);
    manual_clock clock;
    auto o = options_with_epoch();
    o.clock = clock;
    hub h(o, 1, d, {});
    const auto ev = h.publish(request("a"));
    EXPECT_EQ(ev->timestamp_ms,
              std::chrono::duration_cast<std::chrono::milliseconds>(clock().time_since_epoch()).count());
}

TEST(hub_publish, keeps_only_the_last_max_events_per_channel) {
    counting_dispatcher d(1);
    auto o = options_with_epoch();
    o.history_max_events = 3;
    hub h(o, 1, d, {});
    for (int i = 0; i < 5; ++i) {
        h.publish(request("a"));
    }
    h.publish(request("b"));
    EXPECT_EQ(seqs_of(h.history("a", 0, 100)), range(3, 5));
    EXPECT_EQ(seqs_of(h.history("b", 0, 100)), range(1, 1));
    EXPECT_EQ(h.snapshot().history_events, 4u);
}

TEST(hub_publish, history_returns_events_after_a_seq_up_to_max) {
    counting_dispatcher d(1);
    hub h(options_with_epoch(), 1, d, {});
    for (int i = 0; i < 10; ++i) {
        h.publish(request("a"));
    }
    EXPECT_EQ(seqs_of(h.history("a", 4, 3)), range(5, 7));
    EXPECT_TRUE(h.history("a", 10, 5).empty());
    EXPECT_TRUE(h.history("unknown", 0, 5).empty());
}

TEST(hub_publish, drops_events_past_max_age_on_publish_and_on_expire) {
    counting_dispatcher d(1);
    manual_clock clock;
    auto o = options_with_epoch();
    o.clock = clock;
    o.history_max_age = 10s;
    hub h(o, 1, d, {});
    h.publish(request("a"));
    h.publish(request("b"));
    clock.advance(6s);
    h.publish(request("a"));
    clock.advance(6s);
    h.publish(request("a"));  // the first "a" is now 12 s old
    EXPECT_EQ(seqs_of(h.history("a", 0, 100)), range(2, 3));
    EXPECT_EQ(seqs_of(h.history("b", 0, 100)), range(1, 1));  // nobody published to "b" since

    h.expire_history();
    EXPECT_TRUE(h.history("b", 0, 100).empty());
    EXPECT_EQ(seqs_of(h.history("a", 0, 100)), range(2, 3));
    EXPECT_EQ(h.snapshot().channels, 1u);  // "b" had no subscriber and no history left: freed

    clock.advance(20s);
    h.expire_history();
    const auto stats = h.snapshot();
    EXPECT_EQ(stats.history_events, 0u);
    EXPECT_EQ(stats.history_bytes, 0u);
    EXPECT_EQ(stats.channels, 0u);
}

TEST(hub_publish, memory_budget_evicts_the_oldest_events_across_channels) {
    counting_dispatcher d(1);
    auto o = options_with_epoch();
    const std::string payload(1000, 'x');
    event probe;
    probe.data = payload;
    probe.channel = "a";
    o.history_memory_budget = 5 * probe.memory_bytes() + 100;  // room for five events
    hub h(o, 1, d, {});
    for (int i = 0; i < 4; ++i) {
        h.publish(request("a", "note", payload));
        h.publish(request("b", "note", payload));
    }
    // Published a1 b1 a2 b2 a3 b3 a4 b4; the three oldest (a1 b1 a2) had to go.
    EXPECT_EQ(seqs_of(h.history("a", 0, 100)), range(3, 4));
    EXPECT_EQ(seqs_of(h.history("b", 0, 100)), range(2, 4));
    const auto stats = h.snapshot();
    EXPECT_EQ(stats.history_events, 5u);
    EXPECT_LE(stats.history_bytes, o.history_memory_budget);
}

TEST(hub_publish, memory_budget_holds_under_churn_across_many_channels) {
    counting_dispatcher d(1);
    auto o = options_with_epoch();
    o.history_max_events = 2;  // most entries of the global queue go stale through count eviction
    o.history_memory_budget = 64 * 1024;
    hub h(o, 1, d, {});
    for (int i = 0; i < 50'000; ++i) {
        h.publish(request("ch:" + std::to_string(i % 500), "note", std::string(100, 'x')));
        ASSERT_LE(h.snapshot().history_bytes, o.history_memory_budget);
    }
    EXPECT_GT(h.snapshot().history_events, 0u);
}

TEST(hub_publish, marks_critical_types_and_publisher_requests_as_requiring_ack) {
    counting_dispatcher d(1);
    auto o = options_with_epoch();
    o.critical_types = {"order_ready", "payment_failed"};
    hub h(o, 1, d, {});
    EXPECT_TRUE(h.is_critical("order_ready"));
    EXPECT_FALSE(h.is_critical("order_created"));
    EXPECT_TRUE(h.publish(request("a", "payment_failed"))->requires_ack);
    EXPECT_FALSE(h.publish(request("a", "order_created"))->requires_ack);
    auto asked = request("a", "order_created");
    asked.critical = true;
    EXPECT_TRUE(h.publish(std::move(asked))->requires_ack);
}

TEST(hub_publish, default_critical_types_cover_status_and_payment_events) {
    counting_dispatcher d(1);
    hub h(options_with_epoch(), 1, d, {});
    for (const char* type : {"order_status_changed", "order_ready", "order_completed", "order_cancelled",
                             "payment_processed", "payment_failed"}) {
        EXPECT_TRUE(h.is_critical(type)) << type;
    }
    EXPECT_FALSE(h.is_critical("order_progress"));
}

TEST(hub_publish, renders_each_event_once_with_its_numbering_and_shares_the_frame) {
    counting_dispatcher d(1);
    int calls = 0;
    hub h(options_with_epoch(), 1, d, [&](event& ev) {
        ++calls;
        ev.renderings.assign(
            1, {std::make_shared<const std::string>(ev.message_id + "#" + std::to_string(ev.seq)), 0});
    });
    recording_subscriber s1, s2;
    h.subscribe(0, &s1, "a", std::nullopt);
    h.subscribe(0, &s2, "a", std::nullopt);
    const auto ev = h.publish(request("a"));
    h.drain(0);
    EXPECT_EQ(calls, 1);
    ASSERT_TRUE(ev->renderings[0]);
    EXPECT_EQ(*ev->renderings[0].bytes, "e1-1#1");
    ASSERT_EQ(s1.events.size(), 1u);
    ASSERT_EQ(s2.events.size(), 1u);
    EXPECT_EQ(s1.events[0]->renderings[0].bytes.get(), s2.events[0]->renderings[0].bytes.get());
}

TEST(hub_publish, a_throwing_renderer_publishes_nothing_and_reuses_the_seq) {
    counting_dispatcher d(1);
    bool fail = true;
    hub h(options_with_epoch(), 1, d, [&](event&) {
        if (fail) {
            throw std::runtime_error("render failed");
        }
    });
    EXPECT_THROW(h.publish(request("a")), std::runtime_error);
    EXPECT_TRUE(h.history("a", 0, 10).empty());
    EXPECT_EQ(h.snapshot().channels, 0u);
    fail = false;
    EXPECT_EQ(h.publish(request("a"))->seq, 1u);
}

TEST(hub_publish, wakes_a_worker_once_per_batch_and_only_workers_with_subscribers) {
    counting_dispatcher d(3);
    hub h(options_with_epoch(), 3, d, {});
    recording_subscriber on0, on2;
    h.subscribe(0, &on0, "a", std::nullopt);
    h.subscribe(2, &on2, "a", std::nullopt);
    for (int i = 0; i < 5; ++i) {
        h.publish(request("a"));
    }
    EXPECT_EQ(d.wakes(0), 1u);
    EXPECT_EQ(d.wakes(1), 0u);
    EXPECT_EQ(d.wakes(2), 1u);

    h.drain(0);
    h.publish(request("a"));
    EXPECT_EQ(d.wakes(0), 2u);  // its inbox was empty again
    EXPECT_EQ(d.wakes(2), 1u);  // still holds an undrained batch
    h.drain(2);
    EXPECT_EQ(on2.seqs(), range(1, 6));
}

TEST(hub_publish, rejects_an_empty_channel_and_a_bad_worker_count) {
    counting_dispatcher d(1);
    hub h(options_with_epoch(), 1, d, {});
    EXPECT_THROW(h.publish(request("")), std::invalid_argument);
    EXPECT_THROW(hub(options_with_epoch(), 0, d, {}), std::invalid_argument);
    EXPECT_THROW(hub(options_with_epoch(), hub::k_max_workers + 1, d, {}), std::invalid_argument);
}

TEST(hub_publish, counts_published_and_delivered_events) {
    counting_dispatcher d(2);
    hub h(options_with_epoch(), 2, d, {});
    recording_subscriber a, b, c;
    h.subscribe(0, &a, "x", std::nullopt);
    h.subscribe(0, &b, "x", std::nullopt);
    h.subscribe(1, &c, "x", std::nullopt);
    h.publish(request("x"));
    h.publish(request("y"));
    h.drain(0);
    h.drain(1);
    const auto stats = h.snapshot();
    EXPECT_EQ(stats.published, 2u);
    EXPECT_EQ(stats.delivered, 3u);
    EXPECT_EQ(stats.subscriptions, 3u);
    EXPECT_EQ(stats.channels, 2u);
}

// Appends (subscriber, channel, seq) to a log shared by every subscriber: the order of all
// deliveries of a drain, across subscribers.
class logging_subscriber final : public subscriber {
public:
    logging_subscriber(int id, std::vector<std::tuple<int, std::string, std::uint64_t>>& log)
        : id_(id), log_(log) {}
    void deliver(const event_ptr& ev) override { log_.emplace_back(id_, ev->channel, ev->seq); }

private:
    int id_;
    std::vector<std::tuple<int, std::string, std::uint64_t>>& log_;
};

TEST(hub_publish, a_drain_delivers_event_by_event_in_subscription_order_whatever_its_size) {
    // drain() makes deliveries a few behind the ones it has found (it prefetches their memory):
    // every size of batch, below, at and past that distance, must still deliver each event once,
    // to each subscriber in the order they subscribed, events in publish order.
    for (int subscribers = 1; subscribers <= 7; ++subscribers) {
        for (int events = 0; events <= 12; ++events) {
            counting_dispatcher d(1);
            hub h(options_with_epoch(), 1, d, {});
            std::vector<std::tuple<int, std::string, std::uint64_t>> log;
            std::vector<std::unique_ptr<logging_subscriber>> subs;
            const std::vector<std::string> channels = {"a", "b", "c"};
            for (int i = 0; i < subscribers; ++i) {
                subs.push_back(std::make_unique<logging_subscriber>(i, log));
                h.subscribe(0, subs.back().get(), channels[i % channels.size()], std::nullopt);
            }
            std::vector<std::tuple<int, std::string, std::uint64_t>> expected;
            for (int e = 0; e < events; ++e) {
                const std::string& channel = channels[(e * 2) % channels.size()];
                const auto ev = h.publish(request(channel));
                for (int i = 0; i < subscribers; ++i)
                    if (channels[i % channels.size()] == channel) expected.emplace_back(i, channel, ev->seq);
            }
            h.drain(0);
            ASSERT_EQ(log, expected) << subscribers << " subscribers, " << events << " events";
            EXPECT_EQ(h.snapshot().delivered, expected.size());
            for (const auto& s : subs) h.unsubscribe_all(0, s.get());
        }
    }
}

}  // namespace
}  // namespace ordercast::hub

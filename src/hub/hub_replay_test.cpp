#include "hub/hub.hpp"

#include "hub/hub_test_support.hpp"

#include <gtest/gtest.h>

namespace ordercast::hub {
namespace {

using namespace std::chrono_literals;
using testing::counting_dispatcher;
using testing::manual_clock;
using testing::range;
using testing::recording_subscriber;
using testing::request;
using testing::seqs_of;

class hub_replay : public ::testing::Test {
protected:
    hub_options options() {
        hub_options o;
        o.epoch = "e1";
        o.history_max_events = 5;
        return o;
    }
    // The channel's epoch, as a client learns it from a subscription.
    std::string epoch_of(hub& h, std::string_view channel) {
        recording_subscriber probe;
        const auto r = h.subscribe(0, &probe, channel, std::nullopt);
        h.unsubscribe(0, &probe, channel);
        return r.current.epoch;
    }

    counting_dispatcher d{2};
};

TEST_F(hub_replay, subscribing_without_a_position_delivers_only_later_events) {
    hub h(options(), 2, d, {});
    h.publish(request("a"));
    recording_subscriber s;
    const auto r = h.subscribe(0, &s, "a", std::nullopt);
    EXPECT_TRUE(r.replay.empty());
    EXPECT_TRUE(r.recovered);
    EXPECT_EQ(r.current.seq, 1u);
    EXPECT_EQ(r.current.epoch, "e1.0");
    h.publish(request("a"));
    h.drain(0);
    EXPECT_EQ(s.seqs(), range(2, 2));
}

TEST_F(hub_replay, resume_from_position_replays_missed_events_then_continues_live) {
    hub h(options(), 2, d, {});
    const std::string epoch = epoch_of(h, "a");
    for (int i = 0; i < 4; ++i) {
        h.publish(request("a"));
    }
    recording_subscriber s;
    const auto r = h.subscribe(0, &s, "a", position{1, epoch});
    EXPECT_TRUE(r.recovered);
    EXPECT_EQ(seqs_of(r.replay), range(2, 4));
    EXPECT_EQ(r.current, (position{4, epoch}));
    h.publish(request("a"));
    h.drain(0);
    EXPECT_EQ(s.seqs(), range(5, 5));
}

TEST_F(hub_replay, resume_at_the_latest_seq_replays_nothing_and_recovers) {
    hub h(options(), 2, d, {});
    h.publish(request("a"));
    recording_subscriber s;
    const auto r = h.subscribe(0, &s, "a", position{1, "e1.0"});
    EXPECT_TRUE(r.recovered);
    EXPECT_TRUE(r.replay.empty());
}

TEST_F(hub_replay, resume_after_message_id_replays_this_channels_later_events) {
    hub h(options(), 2, d, {});
    h.publish(request("a"));                    // global 1
    const auto seen = h.publish(request("b"));  // global 2: the client's last message
    h.publish(request("a"));                    // global 3
    h.publish(request("b"));                    // global 4
    h.publish(request("a"));                    // global 5
    recording_subscriber s;
    const auto r = h.subscribe_after_message(0, &s, "a", seen->message_id);
    EXPECT_TRUE(r.recovered);
    EXPECT_EQ(seqs_of(r.replay), range(2, 3));
    EXPECT_EQ(r.current.seq, 3u);
}

TEST_F(hub_replay, history_that_no_longer_reaches_back_is_not_recovered) {
    hub h(options(), 2, d, {});  // keeps 5 per channel
    const auto first = h.publish(request("a"));
    for (int i = 0; i < 6; ++i) {
        h.publish(request("a"));  // seq 1 and 2 fall out
    }
    recording_subscriber s1, s2, s3;
    const auto by_position = h.subscribe(0, &s1, "a", position{1, "e1.0"});
    EXPECT_FALSE(by_position.recovered);
    EXPECT_TRUE(by_position.replay.empty());
    EXPECT_EQ(by_position.current.seq, 7u);

    const auto by_message = h.subscribe_after_message(0, &s2, "a", first->message_id);
    EXPECT_FALSE(by_message.recovered);
    EXPECT_TRUE(by_message.replay.empty());

    const auto just_in_reach = h.subscribe(0, &s3, "a", position{2, "e1.0"});
    EXPECT_TRUE(just_in_reach.recovered);
    EXPECT_EQ(seqs_of(just_in_reach.replay), range(3, 7));
}

TEST_F(hub_replay, events_lost_to_age_are_not_recovered) {
    manual_clock clock;
    auto o = options();
    o.clock = clock;
    o.history_max_age = 1min;
    hub h(o, 2, d, {});
    recording_subscriber keeper;  // keeps the channel alive
    h.subscribe(1, &keeper, "a", std::nullopt);
    const auto seen = h.publish(request("b"));  // the client's last message
    h.publish(request("a"));                    // a:1, which the client missed
    clock.advance(2min);
    h.expire_history();  // a:1 is gone
    h.publish(request("a"));
    recording_subscriber s;
    EXPECT_FALSE(h.subscribe_after_message(0, &s, "a", seen->message_id).recovered);
    EXPECT_FALSE(h.subscribe(0, &s, "a", position{0, "e1.0"}).recovered);
    const auto from_one = h.subscribe(0, &s, "a", position{1, "e1.0"});
    EXPECT_TRUE(from_one.recovered);
    EXPECT_EQ(seqs_of(from_one.replay), range(2, 2));
}

TEST_F(hub_replay, another_epoch_is_not_recovered) {
    hub h(options(), 2, d, {});
    h.publish(request("a"));
    h.publish(request("a"));
    recording_subscriber s;
    const auto by_position = h.subscribe(0, &s, "a", position{1, "old.0"});
    EXPECT_FALSE(by_position.recovered);
    EXPECT_TRUE(by_position.replay.empty());
    const auto by_message = h.subscribe_after_message(0, &s, "a", "old-1");
    EXPECT_FALSE(by_message.recovered);
    EXPECT_TRUE(by_message.replay.empty());
}

TEST_F(hub_replay, positions_and_message_ids_never_issued_are_not_recovered) {
    hub h(options(), 2, d, {});
    h.publish(request("a"));
    recording_subscriber s;
    EXPECT_FALSE(h.subscribe(0, &s, "a", position{9, "e1.0"}).recovered);
    EXPECT_FALSE(h.subscribe_after_message(0, &s, "a", "e1-9").recovered);
    EXPECT_FALSE(h.subscribe_after_message(0, &s, "a", "garbage").recovered);
    EXPECT_EQ(h.snapshot().subscriptions, 1u);  // still subscribed, live from now
}

TEST_F(hub_replay, a_recreated_channel_has_a_new_epoch_so_old_positions_do_not_resume) {
    auto o = options();
    o.history_max_events = 0;  // no history: the channel is freed as soon as nobody listens
    hub h(o, 2, d, {});
    recording_subscriber s;
    const auto before = h.subscribe(0, &s, "a", std::nullopt);
    h.publish(request("a"));
    h.publish(request("a"));
    h.unsubscribe(0, &s, "a");
    EXPECT_EQ(h.snapshot().channels, 0u);

    h.publish(request("a"));  // numbering restarts in a new incarnation
    const auto after = h.subscribe(0, &s, "a", position{2, before.current.epoch});
    EXPECT_FALSE(after.recovered);
    EXPECT_NE(after.current.epoch, before.current.epoch);
}

TEST_F(hub_replay, message_ids_older_than_a_recreated_channel_are_not_recovered) {
    auto o = options();
    o.history_max_events = 0;
    hub h(o, 2, d, {});
    const auto seen = h.publish(request("a"));  // freed at once: no history, no subscriber
    h.publish(request("a"));                    // missed by the client, and lost with the channel
    const auto later = h.publish(request("other"));
    recording_subscriber s;
    EXPECT_FALSE(h.subscribe_after_message(0, &s, "a", seen->message_id).recovered);
    h.unsubscribe_all(0, &s);
    // Resuming after the latest message works: nothing of "a" can have been lost after it.
    EXPECT_TRUE(h.subscribe_after_message(0, &s, "a", later->message_id).recovered);
}

TEST_F(hub_replay, a_never_used_channel_resumes_from_a_message_of_another_channel) {
    hub h(options(), 2, d, {});
    const auto seen = h.publish(request("b"));
    recording_subscriber s;
    const auto r = h.subscribe_after_message(0, &s, "quiet", seen->message_id);
    EXPECT_TRUE(r.recovered);
    EXPECT_TRUE(r.replay.empty());
}

TEST_F(hub_replay, events_queued_before_subscribing_are_not_delivered_twice) {
    hub h(options(), 2, d, {});
    recording_subscriber early, late;
    const auto first = h.subscribe(0, &early, "a", std::nullopt);
    h.publish(request("a"));
    h.publish(request("a"));  // both now wait in worker 0's inbox
    const auto r = h.subscribe(0, &late, "a", first.current);
    EXPECT_EQ(seqs_of(r.replay), range(1, 2));
    h.publish(request("a"));
    h.drain(0);
    EXPECT_EQ(early.seqs(), range(1, 3));
    EXPECT_EQ(late.seqs(), range(3, 3));
}

TEST_F(hub_replay, unsubscribe_stops_delivery_including_already_queued_events) {
    hub h(options(), 2, d, {});
    recording_subscriber leaving, staying;
    h.subscribe(0, &leaving, "a", std::nullopt);
    h.subscribe(0, &staying, "a", std::nullopt);
    h.publish(request("a"));
    EXPECT_TRUE(h.unsubscribe(0, &leaving, "a"));
    EXPECT_FALSE(h.unsubscribe(0, &leaving, "a"));
    h.publish(request("a"));
    h.drain(0);
    EXPECT_TRUE(leaving.events.empty());
    EXPECT_EQ(staying.seqs(), range(1, 2));
}

TEST_F(hub_replay, unsubscribe_all_removes_every_channel_of_one_subscriber) {
    hub h(options(), 2, d, {});
    recording_subscriber leaving, staying;
    for (const char* ch : {"a", "b", "c"}) {
        h.subscribe(1, &leaving, ch, std::nullopt);
    }
    h.subscribe(1, &staying, "b", std::nullopt);
    h.unsubscribe_all(1, &leaving);
    EXPECT_EQ(h.snapshot().subscriptions, 1u);
    for (const char* ch : {"a", "b", "c"}) {
        h.publish(request(ch));
    }
    h.drain(1);
    EXPECT_TRUE(leaving.events.empty());
    EXPECT_EQ(staying.seqs(), range(1, 1));
    EXPECT_EQ(d.wakes(1), 1u);  // only "b" still had a subscriber on worker 1
}

TEST_F(hub_replay, subscribing_again_restarts_the_subscription_without_duplicates) {
    hub h(options(), 2, d, {});
    recording_subscriber s;
    const auto first = h.subscribe(0, &s, "a", std::nullopt);
    h.publish(request("a"));
    h.publish(request("a"));
    const auto again = h.subscribe(0, &s, "a", first.current);
    EXPECT_EQ(seqs_of(again.replay), range(1, 2));
    h.publish(request("a"));
    h.drain(0);
    EXPECT_EQ(s.seqs(), range(3, 3));  // 1 and 2 came in the replay, not twice
    EXPECT_EQ(h.snapshot().subscriptions, 1u);
}

TEST_F(hub_replay, critical_events_are_part_of_the_replay) {
    hub h(options(), 2, d, {});
    h.publish(request("a", "order_ready"));
    recording_subscriber s;
    const auto r = h.subscribe(0, &s, "a", position{0, "e1.0"});
    ASSERT_EQ(r.replay.size(), 1u);
    EXPECT_TRUE(r.replay[0]->requires_ack);
}

}  // namespace
}  // namespace ordercast::hub

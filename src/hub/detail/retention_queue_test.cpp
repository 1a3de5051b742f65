#include "hub/detail/retention_queue.hpp"

#include <gtest/gtest.h>

namespace ordercast::hub::detail {
namespace {

// Appends an event with the channel's next seq and the given global id.
void append(channel& ch, std::uint64_t global_id) {
    auto ev = std::make_shared<event>();
    ev->channel = ch.name();
    ev->seq = ch.take_seq();
    ev->global_id = global_id;
    ch.append(std::move(ev));
}

TEST(retention_queue, evicts_the_oldest_kept_event_and_skips_ones_already_gone) {
    auto a = std::make_shared<channel>("a", "e.0", 0, 1);
    auto b = std::make_shared<channel>("b", "e.0", 0, 1);
    retention_queue q;
    for (std::uint64_t g = 1; g <= 4; ++g) {
        channel& ch = g % 2 == 1 ? *a : *b;  // a:1 b:2 a:3 b:4
        append(ch, g);
        q.push(g % 2 == 1 ? a : b, g, g);
    }
    a->trim_to(1);  // a:1 leaves for count: its entry is stale

    evicted gone;
    EXPECT_EQ(q.evict_oldest(gone), b);  // skips a:1, evicts b:2
    EXPECT_EQ(gone.events, 1u);
    EXPECT_EQ(b->retained_from_global(), 4u);
    EXPECT_EQ(q.front_global(), 3u);
    EXPECT_EQ(q.evict_oldest(gone), a);
    EXPECT_EQ(q.evict_oldest(gone), b);
    EXPECT_EQ(q.evict_oldest(gone), nullptr);
    EXPECT_EQ(q.front_global(), retention_queue::k_empty);
    EXPECT_EQ(gone.events, 3u);
}

TEST(retention_queue, stays_within_twice_the_kept_events_when_count_eviction_churns) {
    auto ch = std::make_shared<channel>("a", "e.0", 0, 1);
    retention_queue q;
    for (std::uint64_t g = 1; g <= 10'000; ++g) {
        append(*ch, g);
        ch->trim_to(3);
        q.push(ch, g, ch->history_size());
        ASSERT_LE(q.size(), 2 * ch->history_size() + 64 + 1);
    }
    q.drop_stale();
    EXPECT_EQ(q.size(), 3u);
}

}  // namespace
}  // namespace ordercast::hub::detail

#include "hub/detail/local_fanout.hpp"

#include "hub/hub_test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>

namespace ordercast::hub::detail {
namespace {

using testing::recording_subscriber;

std::set<subscriber*> targets_of(const local_fanout& table, std::string_view channel) {
    std::set<subscriber*> out;
    if (const auto* slots = table.find(channel)) {
        for (const auto& s : *slots) {
            out.insert(s.target);
        }
    }
    return out;
}

TEST(local_fanout, add_then_find_lists_each_subscriber_once) {
    local_fanout table;
    recording_subscriber a, b;
    EXPECT_TRUE(table.add(&a, "c", 0).is_new);
    EXPECT_TRUE(table.add(&b, "c", 0).is_new);
    EXPECT_FALSE(table.add(&a, "c", 7).is_new);  // again: moves the start, no second slot
    EXPECT_EQ(targets_of(table, "c"), (std::set<subscriber*>{&a, &b}));
    EXPECT_EQ(table.find("c")->size(), 2u);
    EXPECT_EQ(table.subscription_count(), 2u);
    for (const auto& s : *table.find("c")) {
        EXPECT_EQ(s.after_global, s.target == &a ? 7u : 0u);
    }
}

TEST(local_fanout, removing_the_last_subscriber_forgets_the_channel) {
    local_fanout table;
    recording_subscriber a;
    table.add(&a, "c", 0);
    EXPECT_TRUE(table.remove(&a, "c"));
    EXPECT_FALSE(table.remove(&a, "c"));
    EXPECT_EQ(table.find("c"), nullptr);
    EXPECT_FALSE(table.contains(&a, "c"));
    EXPECT_EQ(table.subscription_count(), 0u);
}

TEST(local_fanout, remove_all_reports_every_channel_of_the_subscriber_only) {
    local_fanout table;
    recording_subscriber a, b;
    for (const char* ch : {"x", "y", "z"}) {
        table.add(&a, ch, 0);
    }
    table.add(&b, "y", 0);
    std::set<std::string> removed;
    table.remove_all(&a, [&](std::string_view ch) { removed.emplace(ch); });
    EXPECT_EQ(removed, (std::set<std::string>{"x", "y", "z"}));
    EXPECT_EQ(table.find("x"), nullptr);
    EXPECT_EQ(targets_of(table, "y"), (std::set<subscriber*>{&b}));
    EXPECT_EQ(table.subscription_count(), 1u);
}

// Random adds and removes against a plain model: the swap-and-fix-back-index bookkeeping must
// keep both directions of the table consistent.
TEST(local_fanout, matches_a_reference_model_under_random_operations) {
    constexpr int k_subscribers = 40;
    constexpr int k_channels = 12;
    std::vector<recording_subscriber> subs(k_subscribers);
    local_fanout table;
    std::map<std::string, std::set<subscriber*>> model;
    std::mt19937 rng(12345);
    const auto channel_name = [](int i) { return "ch:" + std::to_string(i); };

    for (int step = 0; step < 20'000; ++step) {
        subscriber* s = &subs[rng() % k_subscribers];
        const std::string ch = channel_name(static_cast<int>(rng() % k_channels));
        switch (rng() % 5) {
            case 0:
            case 1:
                EXPECT_EQ(table.add(s, ch, 0).is_new, model[ch].insert(s).second);
                break;
            case 2:
            case 3:
                EXPECT_EQ(table.remove(s, ch), model[ch].erase(s) == 1);
                break;
            default:
                table.remove_all(
                    s, [&](std::string_view name) { EXPECT_EQ(model[std::string(name)].erase(s), 1u); });
                for (auto& [name, members] : model) {
                    EXPECT_EQ(members.count(s), 0u) << name;
                }
                break;
        }
    }
    std::size_t total = 0;
    for (int i = 0; i < k_channels; ++i) {
        const std::string ch = channel_name(i);
        EXPECT_EQ(targets_of(table, ch), model[ch]) << ch;
        if (const auto* slots = table.find(ch)) {
            EXPECT_EQ(slots->size(), model[ch].size());
        }
        for (auto& s : subs) {
            EXPECT_EQ(table.contains(&s, ch), model[ch].count(&s) == 1);
        }
        total += model[ch].size();
    }
    EXPECT_EQ(table.subscription_count(), total);
}

}  // namespace
}  // namespace ordercast::hub::detail

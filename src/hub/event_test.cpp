#include "hub/event.hpp"

#include <gtest/gtest.h>

namespace ordercast::hub {
namespace {

TEST(message_id, formats_epoch_dash_global_id) {
    std::string id = "previous content";
    format_message_id(id, "9f3a1c2e", 18446744073709551615ULL);
    EXPECT_EQ(id, "9f3a1c2e-18446744073709551615");
}

TEST(message_id, parses_what_it_formats) {
    std::string id;
    format_message_id(id, "ab12cd34", 42);
    const auto ref = parse_message_id(id);
    ASSERT_TRUE(ref);
    EXPECT_EQ(ref->epoch, "ab12cd34");
    EXPECT_EQ(ref->global_id, 42u);
}

TEST(message_id, splits_at_the_last_dash_so_epochs_may_contain_dashes) {
    const auto ref = parse_message_id("node-a-7");
    ASSERT_TRUE(ref);
    EXPECT_EQ(ref->epoch, "node-a");
    EXPECT_EQ(ref->global_id, 7u);
}

TEST(message_id, rejects_malformed_text) {
    for (const char* bad : {"", "abc", "-5", "abc-", "abc-12x", "abc-+5", "abc-99999999999999999999"}) {
        EXPECT_FALSE(parse_message_id(bad)) << bad;
    }
}

TEST(event_memory, counts_payload_and_renderings) {
    event small;
    event large;
    large.data.assign(10'000, 'x');
    EXPECT_GE(large.memory_bytes(), small.memory_bytes() + 10'000);

    event rendered = large;
    rendered.renderings.assign(1, {std::make_shared<const std::string>(5'000, 'y'), 0});
    EXPECT_GE(rendered.memory_bytes(), large.memory_bytes() + 5'000);
}

}  // namespace
}  // namespace ordercast::hub

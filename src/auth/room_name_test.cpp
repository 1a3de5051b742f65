#include "auth/room_name.hpp"

#include <gtest/gtest.h>

namespace ordercast::auth {
namespace {

TEST(room_name, a_branch_joins_the_sites_orders_and_general_and_is_published_to_on_general) {
    auto r = resolve_room("branch:abc123");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->joins, (std::vector<std::string>{"site:abc123:orders", "site:abc123:general"}));
    EXPECT_EQ(r->publish, "site:abc123:general");
}

TEST(room_name, user_role_order_and_channel_rooms_are_their_channels) {
    for (std::string_view room : {"user:def456", "role:admin:abc123", "order:67890", "site:s1:queue"})
        EXPECT_EQ(resolve_room(room)->publish, room);
    EXPECT_EQ(resolve_room("cafe:s1:general")->publish, "site:s1:general") << "aliases are canonicalised";
}

TEST(room_name, other_names_are_neither_rooms_nor_channels) {
    for (std::string_view room : {"branch:", "branch:a/b", "branch:x:orders:y", "role:chef:s1", "room42", ""})
        EXPECT_FALSE(resolve_room(room)) << room;
}

TEST(room_name, channels_map_back_to_rooms) {
    EXPECT_EQ(room_of("site:abc123:orders"), "branch:abc123");
    EXPECT_EQ(room_of("site:abc123:general"), "branch:abc123");
    EXPECT_EQ(room_of("site:abc123:queue"), "site:abc123:queue");
    EXPECT_EQ(room_of("user:def456"), "user:def456");
    EXPECT_EQ(room_of("role:admin:abc123"), "role:admin:abc123");
}

}  // namespace
}  // namespace ordercast::auth

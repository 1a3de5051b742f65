#include "core/uuid.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

using ordercast::core::new_id;

TEST(uuid, generated_ids_are_uuid_v7_text_that_sorts_in_the_order_made) {
    auto id = new_id();
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[8], '-');
    EXPECT_EQ(id[13], '-');
    EXPECT_EQ(id[14], '7');
    EXPECT_EQ(id[18], '-');
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
    EXPECT_EQ(id[23], '-');
    // Many ids in the same millisecond still come out in order, and all differ.
    std::vector<std::string> ids;
    for (int i = 0; i < 10000; ++i) ids.push_back(new_id());
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
    EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
    EXPECT_LT(id, ids.front());
}

#include "net/websocket/detail/mask.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace ordercast::websocket::detail {
namespace {

TEST(websocket_mask, matches_bytewise_xor_for_every_length_and_start_offset) {
    const mask_key key{std::byte{0x12}, std::byte{0x34}, std::byte{0x56}, std::byte{0x78}};
    for (std::size_t length = 0; length <= 40; ++length) {
        for (std::size_t consumed = 0; consumed < 4; ++consumed) {
            std::vector<std::byte> data(length);
            for (std::size_t i = 0; i < length; ++i)
                data[i] = std::byte{static_cast<std::uint8_t>(i * 7 + 1)};
            std::vector<std::byte> want = data;
            // The RFC's definition: byte j of the payload is XORed with key[j % 4];
            // here the payload starts `consumed` bytes into the frame.
            for (std::size_t i = 0; i < length; ++i) want[i] ^= key[(i + consumed) % 4];
            mask_key advanced = key;
            advance_mask(advanced, consumed);
            apply_mask(data, advanced);
            ASSERT_EQ(data, want) << "length " << length << " offset " << consumed;
        }
    }
}

TEST(websocket_mask, advancing_by_a_multiple_of_four_keeps_the_key) {
    mask_key key{std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}};
    advance_mask(key, 8);
    EXPECT_EQ(key, (mask_key{std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}}));
    advance_mask(key, 5);
    EXPECT_EQ(key, (mask_key{std::byte{2}, std::byte{3}, std::byte{4}, std::byte{1}}));
}

}  // namespace
}  // namespace ordercast::websocket::detail

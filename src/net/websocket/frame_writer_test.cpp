#include "net/websocket/frame_writer.hpp"

#include "net/websocket/frame_test_support.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace ordercast::websocket {
namespace {

using namespace ordercast::websocket::testing;

std::uint8_t byte_at(std::span<const std::byte> b, std::size_t i) {
    return std::to_integer<std::uint8_t>(b[i]);
}

// Turns a server frame into the client frame a parser accepts: sets the mask
// bit and inserts an all-zero key (payload unchanged), so encoder output can
// be checked by decoding it with frame_parser.
bytes as_client_frame(std::string_view server_frame) {
    bytes out = to_bytes(server_frame);
    out[1] |= std::byte{0x80};
    const std::size_t header = (byte_at(out, 1) & 0x7F) == 126 ? 4 : (byte_at(out, 1) & 0x7F) == 127 ? 10 : 2;
    out.insert(out.begin() + static_cast<std::ptrdiff_t>(header), 4, std::byte{0});
    return out;
}

TEST(frame_writer, header_switches_length_encoding_at_126_and_65536) {
    struct row {
        std::uint64_t length;
        std::uint8_t size;
        std::vector<std::uint8_t> length_bytes;
    };
    const row rows[] = {
        {0, 2, {0}},
        {125, 2, {125}},
        {126, 4, {126, 0x00, 0x7E}},
        {65535, 4, {126, 0xFF, 0xFF}},
        {65536, 10, {127, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00}},
        {0x0123456789ULL, 10, {127, 0, 0, 0, 0x01, 0x23, 0x45, 0x67, 0x89}},
    };
    for (const row& r : rows) {
        const frame_header h = encode_header(opcode::binary, r.length);
        ASSERT_EQ(h.size, r.size) << r.length;
        EXPECT_EQ(byte_at(h.view(), 0), 0x82) << r.length;  // FIN, no RSV, binary
        for (std::size_t i = 0; i < r.length_bytes.size(); ++i)
            EXPECT_EQ(byte_at(h.view(), 1 + i), r.length_bytes[i]) << r.length << " byte " << i;
    }
}

TEST(frame_writer, server_frames_are_unmasked_and_fin_is_optional) {
    EXPECT_EQ(byte_at(encode_header(opcode::text, 5).view(), 1) & 0x80, 0);
    EXPECT_EQ(byte_at(encode_header(opcode::text, 5, false).view(), 0), 0x01);
    EXPECT_EQ(byte_at(encode_header(opcode::continuation, 5, true).view(), 0), 0x80);
}

TEST(frame_writer, text_frames_of_every_length_class_decode_to_the_same_text) {
    for (std::size_t n : {0, 1, 125, 126, 127, 65535, 65536, 100000}) {
        const std::string payload(n, 'e');
        const std::string frame = make_text_frame(payload);
        EXPECT_EQ(replay(as_client_frame(frame), split::whole), std::vector<event>{text(payload)}) << n;
    }
}

TEST(frame_writer, append_frame_batches_several_frames_into_one_buffer) {
    std::string batch;
    append_frame(batch, opcode::text, "one");
    append_frame(batch, opcode::text, "tw", false);
    append_frame(batch, opcode::continuation, "o");
    bytes input = join({as_client_frame(batch.substr(0, 5)), as_client_frame(batch.substr(5, 4)),
                        as_client_frame(batch.substr(9))});
    EXPECT_EQ(replay(input, split::whole), (std::vector<event>{text("one"), text("two")}));
}

TEST(frame_writer, binary_frame_carries_arbitrary_bytes) {
    const bytes data = to_bytes(std::string_view("\x00\xff\x80", 3));
    EXPECT_EQ(replay(as_client_frame(make_binary_frame(data)), split::whole),
              std::vector<event>{binary(std::string_view("\x00\xff\x80", 3))});
}

TEST(frame_writer, close_frame_carries_code_then_reason) {
    const control_frame f = make_close_frame(close_code::going_away, "restart");
    EXPECT_EQ(f.as_string_view(), std::string_view("\x88\x09\x03\xE9restart", 11));
    EXPECT_EQ(replay(as_client_frame(f.as_string_view()), split::whole),
              std::vector<event>{closed(1001, "restart")});
}

TEST(frame_writer, close_reason_is_cut_to_123_bytes_without_splitting_a_character) {
    // 122 ASCII bytes then a 2-byte character: the character would end at 124.
    const std::string reason = std::string(122, 'r') + "\xC3\xA9" + "tail";
    const control_frame f = make_close_frame(close_code::normal, reason);
    EXPECT_EQ(f.size, 2 + 2 + 122);
    EXPECT_EQ(replay(as_client_frame(f.as_string_view()), split::whole),
              std::vector<event>{closed(1000, std::string(122, 'r'))});
    // Exactly 123 bytes fit.
    EXPECT_EQ(make_close_frame(close_code::normal, std::string(123, 'x')).size, 2 + 2 + 123);
}

TEST(frame_writer, no_status_close_frame_is_empty) {
    EXPECT_EQ(make_close_frame(close_code::no_status, "ignored").as_string_view(),
              std::string_view("\x88\x00", 2));
}

TEST(frame_writer, pong_echoes_the_ping_payload) {
    const bytes payload = to_bytes("are you there");
    const control_frame f = make_pong_frame(payload);
    EXPECT_EQ(byte_at(f.view(), 0), 0x8A);
    EXPECT_EQ(replay(as_client_frame(f.as_string_view()), split::whole),
              std::vector<event>{pong("are you there")});
    EXPECT_EQ(make_ping_frame().as_string_view(), std::string_view("\x89\x00", 2));
}

TEST(frame_writer, control_payload_over_125_bytes_is_refused) {
    const bytes ok(125, std::byte{1});
    const bytes too_big(126, std::byte{1});
    EXPECT_EQ(make_ping_frame(ok).size, 127);
    EXPECT_THROW(make_ping_frame(too_big), std::length_error);
    EXPECT_THROW(make_pong_frame(too_big), std::length_error);
}

}  // namespace
}  // namespace ordercast::websocket

#include "net/websocket/frame_parser.hpp"

#include "net/websocket/frame_test_support.hpp"

#include <gtest/gtest.h>

#include <random>

namespace ordercast::websocket {
namespace {

using namespace ordercast::websocket::testing;
using status = frame_parser::status;

// Remembers where the views it is given point, to tell zero-copy delivery from
// buffered delivery.
class view_probe final : public frame_handler {
public:
    void on_text(std::string_view m) override {
        last = {reinterpret_cast<const std::byte*>(m.data()), m.size()};
    }
    void on_binary(std::span<const std::byte> m) override { last = m; }
    void on_ping(std::span<const std::byte> p) override { last = p; }
    void on_pong(std::span<const std::byte> p) override { last = p; }
    void on_close(close_code, std::string_view) override {}
    void on_error(error) override {}

    bool last_points_into(std::span<const std::byte> buffer) const {
        return !last.empty() && last.data() >= buffer.data() &&
               last.data() + last.size() <= buffer.data() + buffer.size();
    }

    std::span<const std::byte> last;
};

// Calls stop() from inside the first text callback.
class stopping_handler final : public frame_handler {
public:
    explicit stopping_handler(frame_parser& p) : parser(p) {}
    void on_text(std::string_view m) override {
        parser.stop();
        inner.on_text(m);  // reads the view after stop(): it must still be valid
    }
    void on_binary(std::span<const std::byte> m) override { inner.on_binary(m); }
    void on_ping(std::span<const std::byte> p) override { inner.on_ping(p); }
    void on_pong(std::span<const std::byte> p) override { inner.on_pong(p); }
    void on_close(close_code c, std::string_view r) override { inner.on_close(c, r); }
    void on_error(error e) override { inner.on_error(e); }

    frame_parser& parser;
    recorder inner;
};

TEST(frame_parser, whole_frame_in_the_chunk_is_delivered_from_the_input_without_copying) {
    bytes input = join({client_frame(opcode::text, "hello, subscribers"), client_frame(opcode::ping, "p")});
    frame_parser parser(1024);
    view_probe probe;
    parser.feed(std::span(input.data(), input.size() - 1), probe);  // the text frame and a bit of the ping
    EXPECT_TRUE(probe.last_points_into(input));
    EXPECT_EQ(to_string(probe.last), "hello, subscribers");  // unmasked in place
    EXPECT_EQ(parser.buffered_bytes(), 0u);
}

TEST(frame_parser, frame_split_across_chunks_is_buffered_then_the_buffer_is_freed) {
    bytes input = client_frame(opcode::binary, std::string(300, 'b'));
    frame_parser parser(1024);
    recorder r;
    parser.feed(std::span(input.data(), 100), r);
    EXPECT_GT(parser.buffered_bytes(), 0u);
    EXPECT_TRUE(r.events.empty());
    parser.feed(std::span(input.data() + 100, input.size() - 100), r);
    EXPECT_EQ(r.events, std::vector<event>{binary(std::string(300, 'b'))});
    EXPECT_EQ(parser.buffered_bytes(), 0u);
}

TEST(frame_parser, fragmented_message_frees_its_buffer_once_delivered) {
    bytes input = join({client_frame(opcode::text, "frag", {.fin = false}),
                        client_frame(opcode::ping, "between"), client_frame(opcode::continuation, "ment")});
    frame_parser parser(1024);
    recorder r;
    const std::size_t first_two = input.size() - client_frame(opcode::continuation, "ment").size();
    parser.feed(std::span(input.data(), first_two), r);
    EXPECT_GT(parser.buffered_bytes(), 0u);
    EXPECT_EQ(r.events, std::vector<event>{ping("between")});
    parser.feed(std::span(input.data() + first_two, input.size() - first_two), r);
    EXPECT_EQ(r.events, (std::vector<event>{ping("between"), text("fragment")}));
    EXPECT_EQ(parser.buffered_bytes(), 0u);
}

TEST(frame_parser, split_control_frame_inside_a_fragmented_message_keeps_both_intact) {
    bytes input = join({client_frame(opcode::text, "abc", {.fin = false}),
                        client_frame(opcode::ping, std::string(125, 'p'), {.key = 0x01020304}),
                        client_frame(opcode::continuation, "def", {.key = 0xa1b2c3d4})});
    for (std::size_t chunk = 1; chunk <= input.size(); ++chunk) {
        EXPECT_EQ(replay_chunked(input, chunk),
                  (std::vector<event>{ping(std::string(125, 'p')), text("abcdef")}))
            << "chunk " << chunk;
    }
}

TEST(frame_parser, frees_its_buffer_when_a_close_or_an_error_ends_a_partial_message) {
    for (const bytes& ending : {client_close(1000), client_frame(opcode::text, "new")}) {
        bytes input = join({client_frame(opcode::text, "partial", {.fin = false}), ending});
        frame_parser parser(1024);
        recorder r;
        parser.feed(input, r);
        EXPECT_NE(parser.current_status(), status::open);
        EXPECT_EQ(parser.buffered_bytes(), 0u);
    }
}

TEST(frame_parser, message_over_the_limit_fails_at_the_header_before_any_payload) {
    bytes input = client_frame(opcode::binary, std::string(1000, 'x'));
    frame_parser parser(999);
    recorder r;
    // 2-byte header + 2-byte extended length: the mask and payload are not sent.
    EXPECT_EQ(parser.feed(std::span(input.data(), 4), r), status::failed);
    EXPECT_EQ(r.events, std::vector<event>{failed(error::message_too_big)});
    EXPECT_EQ(parser.buffered_bytes(), 0u);
}

TEST(frame_parser, message_exactly_at_the_limit_is_delivered) {
    EXPECT_EQ(replay(client_frame(opcode::binary, std::string(1000, 'x')), split::halves, 1000),
              std::vector<event>{binary(std::string(1000, 'x'))});
}

TEST(frame_parser, limit_counts_all_fragments_of_a_message) {
    bytes input = join({client_frame(opcode::text, std::string(600, 'a'), {.fin = false}),
                        client_frame(opcode::continuation, std::string(400, 'b'), {.fin = false}),
                        client_frame(opcode::continuation, std::string(1, 'c'))});
    for (split how : {split::whole, split::halves, split::byte_by_byte}) {
        EXPECT_EQ(replay(input, how, 1000), std::vector<event>{failed(error::message_too_big)})
            << to_string(how);
        EXPECT_EQ(replay(input, how, 1001),
                  std::vector<event>{text(std::string(600, 'a') + std::string(400, 'b') + "c")})
            << to_string(how);
    }
}

TEST(frame_parser, limit_does_not_apply_to_control_frames_or_between_messages) {
    bytes input = join({client_frame(opcode::text, std::string(10, 'a')),
                        client_frame(opcode::ping, std::string(100, 'p')),
                        client_frame(opcode::text, std::string(10, 'b'))});
    EXPECT_EQ(replay(input, split::whole, 10),
              (std::vector<event>{text(std::string(10, 'a')), ping(std::string(100, 'p')),
                                  text(std::string(10, 'b'))}));
}

TEST(frame_parser, declared_length_does_not_allocate_before_the_bytes_arrive) {
    const std::size_t declared = 8 * 1024 * 1024;
    bytes input = client_frame(opcode::binary, std::string(declared, 'z'));
    frame_parser parser(16 * 1024 * 1024);
    recorder r;
    parser.feed(std::span(input.data(), 14 + 100), r);  // 64-bit header + 100 payload bytes
    EXPECT_LT(parser.buffered_bytes(), 4096u);
    parser.feed(std::span(input.data() + 114, input.size() - 114), r);
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.events[0].data.size(), declared);
}

TEST(frame_parser, unmasks_correctly_whatever_the_chunk_boundaries_and_key) {
    std::string payload;
    for (int i = 0; i < 1000; ++i) payload += static_cast<char>('a' + i % 26);
    bytes input = join({client_frame(opcode::text, payload.substr(0, 333), {.fin = false, .key = 0xdeadbeef}),
                        client_frame(opcode::continuation, payload.substr(333), {.key = 0x00ff7f80})});
    for (std::size_t chunk : {1, 2, 3, 5, 7, 8, 9, 13, 64, 333, 999}) {
        EXPECT_EQ(replay_chunked(input, chunk), std::vector<event>{text(payload)}) << chunk;
    }
}

TEST(frame_parser, uses_64_bit_lengths_above_65535) {
    const std::string big(70000, 'q');
    for (split how : {split::whole, split::halves}) {
        EXPECT_EQ(replay(client_frame(opcode::binary, big), how), std::vector<event>{binary(big)})
            << to_string(how);
    }
}

bytes with_length_bytes(std::uint8_t opcode_bits, std::initializer_list<std::uint8_t> length_bytes) {
    bytes out{std::byte{static_cast<std::uint8_t>(0x80 | opcode_bits)}};
    for (auto b : length_bytes) out.push_back(std::byte{b});
    for (int i = 0; i < 4; ++i) out.push_back(std::byte{0});  // key 0: payload as is
    return out;
}

TEST(frame_parser, rejects_lengths_not_in_minimal_encoding) {
    // 16-bit form carrying 125, 64-bit form carrying 65535.
    EXPECT_EQ(replay(with_length_bytes(0x2, {0x80 | 126, 0, 125}), split::whole),
              std::vector<event>{failed(error::bad_length_encoding)});
    EXPECT_EQ(replay(with_length_bytes(0x2, {0x80 | 127, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF}), split::whole),
              std::vector<event>{failed(error::bad_length_encoding)});
}

TEST(frame_parser, rejects_64_bit_length_with_the_top_bit_set_at_its_first_byte) {
    bytes input = with_length_bytes(0x2, {0x80 | 127, 0x80, 0, 0, 0, 0, 0, 0, 1});
    EXPECT_EQ(bytes_until_done(input), 3u);
    EXPECT_EQ(replay(input, split::whole), std::vector<event>{failed(error::bad_length_encoding)});
}

TEST(frame_parser, huge_64_bit_length_is_too_big_not_an_overflow) {
    bytes input = with_length_bytes(0x2, {0x80 | 127, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF});
    EXPECT_EQ(replay(input, split::byte_by_byte), std::vector<event>{failed(error::message_too_big)});
}

TEST(frame_parser, ignores_input_after_a_close_frame) {
    frame_parser parser(1024);
    recorder r;
    bytes first = join({client_close(1001, "bye"), client_frame(opcode::text, "late")});
    EXPECT_EQ(parser.feed(first, r), status::closed);
    bytes second = client_frame(opcode::text, "later");
    EXPECT_EQ(parser.feed(second, r), status::closed);
    EXPECT_EQ(r.events, std::vector<event>{closed(1001, "bye")});
}

TEST(frame_parser, ignores_input_after_an_error) {
    frame_parser parser(1024);
    recorder r;
    bytes first = join({client_frame(opcode::text, "x", {.masked = false}), client_frame(opcode::text, "y")});
    EXPECT_EQ(parser.feed(first, r), status::failed);
    bytes second = client_frame(opcode::text, "z");
    EXPECT_EQ(parser.feed(second, r), status::failed);
    EXPECT_EQ(r.events, std::vector<event>{failed(error::unmasked_frame)});
}

TEST(frame_parser, stop_from_a_callback_drops_the_rest_of_the_chunk) {
    bytes input = join({client_frame(opcode::text, "one"), client_frame(opcode::text, "two")});
    frame_parser parser(1024);
    stopping_handler h(parser);
    EXPECT_EQ(parser.feed(input, h), status::closed);
    EXPECT_EQ(h.inner.events, std::vector<event>{text("one")});
}

TEST(frame_parser, stop_from_a_callback_on_a_buffered_message_keeps_the_view_valid) {
    bytes input = join({client_frame(opcode::text, "buf", {.fin = false}),
                        client_frame(opcode::continuation, "fered"), client_frame(opcode::text, "never")});
    frame_parser parser(1024);
    stopping_handler h(parser);
    // ASan would flag a read of freed memory inside on_text.
    EXPECT_EQ(parser.feed(input, h), status::closed);
    EXPECT_EQ(h.inner.events, std::vector<event>{text("buffered")});
    EXPECT_EQ(parser.buffered_bytes(), 0u);
}

TEST(frame_parser, feed_copy_leaves_the_input_untouched_and_reports_the_same_events) {
    const bytes input =
        join({client_frame(opcode::text, std::string(5000, 'k')), client_frame(opcode::ping, "x")});
    const bytes before = input;
    frame_parser parser(1 << 20);
    recorder r;
    parser.feed_copy(input, r);
    EXPECT_EQ(input, before);
    EXPECT_EQ(r.events, replay(input, split::whole));
}

TEST(frame_parser, feed_copy_accepts_a_string_view) {
    const bytes frame = client_frame(opcode::text, "from a string");
    frame_parser parser(1024);
    recorder r;
    EXPECT_EQ(parser.feed_copy(to_string(frame), r), status::open);
    EXPECT_EQ(r.events, std::vector<event>{text("from a string")});
}

// Random well-formed traffic: every chunking must yield what the whole does.
TEST(frame_parser, random_chunking_of_valid_traffic_matches_whole_delivery) {
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> small(0, 300);
    std::uniform_int_distribution<int> coin(0, 3);
    std::uniform_int_distribution<std::uint32_t> keys;
    for (int round = 0; round < 50; ++round) {
        bytes input;
        std::vector<event> expected;
        for (int m = 0; m < 10; ++m) {
            const int fragments = 1 + coin(rng);
            std::string message;
            const bool is_text = coin(rng) != 0;
            for (int f = 0; f < fragments; ++f) {
                std::string part(static_cast<std::size_t>(small(rng)), static_cast<char>('a' + f));
                if (f == 1 && is_text) part += "\xC3\xA9";  // a 2-byte character, split by some chunkings
                message += part;
                const auto op = f == 0 ? (is_text ? opcode::text : opcode::binary) : opcode::continuation;
                const bytes frame = client_frame(op, part, {.fin = f + 1 == fragments, .key = keys(rng)});
                input.insert(input.end(), frame.begin(), frame.end());
                if (coin(rng) == 0 && f + 1 < fragments) {
                    const bytes p = client_frame(opcode::ping, std::to_string(m), {.key = keys(rng)});
                    input.insert(input.end(), p.begin(), p.end());
                    expected.push_back(ping(std::to_string(m)));
                }
            }
            expected.push_back(is_text ? text(message) : binary(message));
        }
        ASSERT_EQ(replay(input, split::whole), expected);
        std::uniform_int_distribution<std::size_t> chunk_size(1, 700);
        bytes copy = input;
        frame_parser parser(1 << 20);
        recorder r;
        for (std::size_t at = 0; at < copy.size();) {
            const std::size_t n = std::min(chunk_size(rng), copy.size() - at);
            parser.feed(std::span(copy.data() + at, n), r);
            at += n;
        }
        ASSERT_EQ(r.events, expected) << "round " << round;
        EXPECT_EQ(parser.buffered_bytes(), 0u);
    }
}

}  // namespace
}  // namespace ordercast::websocket

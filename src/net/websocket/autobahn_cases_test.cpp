// Replays the Autobahn|Testsuite fuzzing-client case groups 1-7 against the
// parser. The cases are written from RFC 6455 and the suite's published case
// descriptions; the suite's "echo" of a message is the on_text/on_binary event
// here, and "fail the connection with code N" is the on_error event whose
// close_code_for() is N. Every case is fed whole, in two halves and one byte at
// a time, and must produce exactly the same events each way.

#include "net/websocket/frame_parser.hpp"
#include "net/websocket/frame_test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace ordercast::websocket {
namespace {

using namespace ordercast::websocket::testing;
using namespace std::string_view_literals;
using status = frame_parser::status;

constexpr split k_splits[] = {split::whole, split::halves, split::byte_by_byte};

void check(const char* case_id, const bytes& input, const std::vector<event>& expected) {
    for (split how : k_splits) {
        EXPECT_EQ(replay(input, how), expected) << "case " << case_id << ", fed " << to_string(how);
    }
}

bytes frame(opcode op, std::string_view payload, frame_options o = {}) {
    return client_frame(op, payload, o);
}
bytes raw_opcode(std::uint8_t bits, std::string_view payload) {
    return client_frame(bits, payload);
}

// Feeds `chunks` one after another; returns the index of the chunk after which
// the parser stopped being open, or chunks.size() if it never did.
std::size_t failing_chunk(std::vector<bytes> chunks, recorder& r) {
    frame_parser parser(k_test_message_limit);
    for (std::size_t i = 0; i < chunks.size(); ++i)
        if (parser.feed(chunks[i], r) != status::open) return i;
    return chunks.size();
}

// ===========================================================================
// 1 Framing

TEST(autobahn_1_framing, text_and_binary_messages_of_boundary_sizes_are_delivered) {
    for (std::size_t n : {0, 125, 126, 127, 128, 65535, 65536}) {
        const std::string id = std::to_string(n);
        const std::string star(n, '*');
        check(("1.1 text " + id).c_str(), frame(opcode::text, star), {text(star)});
        const std::string fe(n, '\xfe');
        check(("1.2 binary " + id).c_str(), frame(opcode::binary, fe), {binary(fe)});
    }
}

TEST(autobahn_1_framing, message_of_65536_bytes_in_chops_of_997_is_delivered) {
    const std::string star(65536, '*');
    EXPECT_EQ(replay_chunked(frame(opcode::text, star), 997), std::vector<event>{text(star)});  // 1.1.8
    const std::string fe(65536, '\xfe');
    EXPECT_EQ(replay_chunked(frame(opcode::binary, fe), 997), std::vector<event>{binary(fe)});  // 1.2.8
}

// ===========================================================================
// 2 Pings and pongs

TEST(autobahn_2_pings_pongs, pings_with_payloads_up_to_125_bytes_are_delivered) {
    check("2.1", frame(opcode::ping, ""), {ping("")});
    check("2.2", frame(opcode::ping, "Hello, world!"), {ping("Hello, world!")});
    check("2.3", frame(opcode::ping, "\x00\xff\xfe\xfd\xfc\xfb\x00\xff"sv),
          {ping("\x00\xff\xfe\xfd\xfc\xfb\x00\xff"sv)});
    const std::string fe125(125, '\xfe');
    check("2.4 / 2.6", frame(opcode::ping, fe125), {ping(fe125)});
}

TEST(autobahn_2_pings_pongs, ping_with_126_bytes_fails_with_1002) {
    check("2.5", frame(opcode::ping, std::string(126, '\xfe')), {failed(error::control_frame_too_big)});
}

TEST(autobahn_2_pings_pongs, unsolicited_pongs_are_delivered_and_need_no_answer) {
    check("2.7", frame(opcode::pong, ""), {pong("")});
    check("2.8", frame(opcode::pong, "unsolicited pong payload"), {pong("unsolicited pong payload")});
    check("2.9", join({frame(opcode::pong, "unsolicited pong payload"), frame(opcode::ping, "ping payload")}),
          {pong("unsolicited pong payload"), ping("ping payload")});
}

TEST(autobahn_2_pings_pongs, ten_pings_in_a_row_each_get_delivered) {
    bytes input;
    std::vector<event> expected;
    for (int i = 0; i < 10; ++i) {
        const std::string payload = "payload-" + std::to_string(i);
        const bytes f = frame(opcode::ping, payload);
        input.insert(input.end(), f.begin(), f.end());
        expected.push_back(ping(payload));
    }
    check("2.10 / 2.11", input, expected);
}

// ===========================================================================
// 3 Reserved bits

TEST(autobahn_3_reserved_bits, any_rsv_bit_fails_with_1002_after_earlier_messages) {
    check("3.1", frame(opcode::text, "Hello, world!", {.rsv = 1}), {failed(error::reserved_bits_set)});
    for (std::uint8_t rsv : {2, 3, 4}) {
        check(("3." + std::to_string(rsv)).c_str(),
              join({frame(opcode::text, "Hello, world!"), frame(opcode::text, "Hello, world!", {.rsv = rsv}),
                    frame(opcode::ping, "")}),
              {text("Hello, world!"), failed(error::reserved_bits_set)});
    }
    check("3.5", frame(opcode::binary, "\x00\xff\xfe\xfd\xfc\xfb\x00\xff"sv, {.rsv = 5}),
          {failed(error::reserved_bits_set)});
    check("3.6", frame(opcode::ping, "Hello, world!", {.rsv = 6}), {failed(error::reserved_bits_set)});
    check("3.7", frame(opcode::close, "", {.rsv = 7}), {failed(error::reserved_bits_set)});
}

// ===========================================================================
// 4 Opcodes

TEST(autobahn_4_opcodes, reserved_data_opcodes_fail_with_1002) {
    check("4.1.1", raw_opcode(3, ""), {failed(error::reserved_opcode)});
    check("4.1.2", raw_opcode(4, "reserved opcode payload"), {failed(error::reserved_opcode)});
    for (std::uint8_t op : {5, 6, 7}) {
        check(("4.1 opcode " + std::to_string(op)).c_str(),
              join({frame(opcode::text, "Hello, world!"),
                    raw_opcode(op, op == 5 ? "" : "reserved opcode payload"), frame(opcode::ping, "")}),
              {text("Hello, world!"), failed(error::reserved_opcode)});
    }
}

TEST(autobahn_4_opcodes, reserved_control_opcodes_fail_with_1002) {
    check("4.2.1", raw_opcode(11, ""), {failed(error::reserved_opcode)});
    check("4.2.2", raw_opcode(12, "reserved opcode payload"), {failed(error::reserved_opcode)});
    for (std::uint8_t op : {13, 14, 15}) {
        check(("4.2 opcode " + std::to_string(op)).c_str(),
              join({frame(opcode::text, "Hello, world!"),
                    raw_opcode(op, op == 13 ? "" : "reserved opcode payload"), frame(opcode::ping, "")}),
              {text("Hello, world!"), failed(error::reserved_opcode)});
    }
}

// ===========================================================================
// 5 Fragmentation

TEST(autobahn_5_fragmentation, fragmented_control_frames_fail_with_1002) {
    check("5.1",
          join({frame(opcode::ping, "fragment1", {.fin = false}), frame(opcode::continuation, "fragment2")}),
          {failed(error::fragmented_control_frame)});
    check("5.2",
          join({frame(opcode::pong, "fragment1", {.fin = false}), frame(opcode::continuation, "fragment2")}),
          {failed(error::fragmented_control_frame)});
}

TEST(autobahn_5_fragmentation, text_in_two_fragments_is_delivered_whole) {
    check("5.3 / 5.4 / 5.5",
          join({frame(opcode::text, "fragment1", {.fin = false}), frame(opcode::continuation, "fragment2")}),
          {text("fragment1fragment2")});
}

TEST(autobahn_5_fragmentation, ping_between_fragments_is_delivered_first) {
    check("5.6 / 5.7 / 5.8",
          join({frame(opcode::text, "fragment1", {.fin = false}), frame(opcode::ping, "ping payload"),
                frame(opcode::continuation, "fragment2")}),
          {ping("ping payload"), text("fragment1fragment2")});
}

TEST(autobahn_5_fragmentation, continuation_with_nothing_to_continue_fails_with_1002) {
    check(
        "5.9 / 5.10 / 5.11",
        join({frame(opcode::continuation, "non-continuation payload"), frame(opcode::text, "Hello, world!")}),
        {failed(error::unexpected_continuation)});
    check("5.12 / 5.13 / 5.14",
          join({frame(opcode::continuation, "non-continuation payload", {.fin = false}),
                frame(opcode::text, "Hello, world!")}),
          {failed(error::unexpected_continuation)});
}

TEST(autobahn_5_fragmentation, stray_continuation_after_a_complete_message_fails_with_1002) {
    check("5.15",
          join({frame(opcode::text, "fragment1", {.fin = false}), frame(opcode::continuation, "fragment2"),
                frame(opcode::continuation, "fragment3", {.fin = false}), frame(opcode::text, "fragment4")}),
          {text("fragment1fragment2"), failed(error::unexpected_continuation)});
    for (bool fin : {false, true}) {
        const bytes once = join({frame(opcode::continuation, "fragment1", {.fin = fin}),
                                 frame(opcode::text, "fragment2", {.fin = false}),
                                 frame(opcode::continuation, "fragment3")});
        check(fin ? "5.17" : "5.16", join({once, once}), {failed(error::unexpected_continuation)});
    }
}

TEST(autobahn_5_fragmentation, new_text_frame_inside_a_fragmented_message_fails_with_1002) {
    check("5.18", join({frame(opcode::text, "fragment1", {.fin = false}), frame(opcode::text, "fragment2")}),
          {failed(error::expected_continuation)});
}

TEST(autobahn_5_fragmentation, pings_interleaved_in_a_five_fragment_message_are_all_delivered) {
    check("5.19 / 5.20",
          join({frame(opcode::text, "fragment1", {.fin = false}),
                frame(opcode::continuation, "fragment2", {.fin = false}), frame(opcode::ping, "pongme 1!"),
                frame(opcode::continuation, "fragment3", {.fin = false}),
                frame(opcode::continuation, "fragment4", {.fin = false}), frame(opcode::ping, "pongme 2!"),
                frame(opcode::continuation, "fragment5")}),
          {ping("pongme 1!"), ping("pongme 2!"), text("fragment1fragment2fragment3fragment4fragment5")});
}

// ===========================================================================
// 6 UTF-8 handling

TEST(autobahn_6_utf8, empty_text_messages_and_empty_fragments_are_delivered) {
    check("6.1.1", frame(opcode::text, ""), {text("")});
    check("6.1.2",
          join({frame(opcode::text, "", {.fin = false}), frame(opcode::continuation, "", {.fin = false}),
                frame(opcode::continuation, "")}),
          {text("")});
    check("6.1.3",
          join({frame(opcode::text, "", {.fin = false}),
                frame(opcode::continuation, "middle", {.fin = false}), frame(opcode::continuation, "")}),
          {text("middle")});
}

// One frame per payload byte: text first, continuations after, FIN on the last.
bytes fragment_per_byte(std::string_view payload) {
    bytes out;
    for (std::size_t i = 0; i < payload.size(); ++i) {
        const bytes f = frame(i == 0 ? opcode::text : opcode::continuation, payload.substr(i, 1),
                              {.fin = i + 1 == payload.size()});
        out.insert(out.end(), f.begin(), f.end());
    }
    return out;
}

constexpr std::string_view k_hello_utf8 =
    "Hello-\xc2\xb5@\xc3\x9f\xc3\xb6\xc3\xa4\xc3\xbc\xc3\xa0\xc3\xa1-UTF-8!!";
constexpr std::string_view k_kosme = "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5";

TEST(autobahn_6_utf8, valid_text_is_delivered_whether_whole_split_or_one_byte_per_frame) {
    check("6.2.1", frame(opcode::text, k_hello_utf8), {text(k_hello_utf8)});
    // 6.2.2: split at a code point boundary ("Hello-" | "\xc2\xb5...").
    check("6.2.2",
          join({frame(opcode::text, k_hello_utf8.substr(0, 6), {.fin = false}),
                frame(opcode::continuation, k_hello_utf8.substr(6))}),
          {text(k_hello_utf8)});
    check("6.2.3", fragment_per_byte(k_hello_utf8), {text(k_hello_utf8)});
    check("6.2.4", fragment_per_byte(k_kosme), {text(k_kosme)});
}

// Invalid text is failed at the first byte that cannot be UTF-8 (fail fast),
// or when the message ends if it stops inside a character.
constexpr std::size_t k_valid = static_cast<std::size_t>(-1);
constexpr std::size_t k_at_end = static_cast<std::size_t>(-2);

struct utf8_case {
    const char* id;
    std::string_view payload;
    std::size_t fails_at;  // index of the first impossible byte, k_at_end or k_valid
};

const utf8_case k_utf8_cases[] = {
    {"6.3.1",
     "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80"
     "edited"sv,
     12},
    {"6.5.1", k_kosme, k_valid},
    {"6.6.1", k_kosme.substr(0, 1), k_at_end},
    {"6.6.2", k_kosme.substr(0, 2), k_valid},
    {"6.6.3", k_kosme.substr(0, 3), k_at_end},
    {"6.6.4", k_kosme.substr(0, 4), k_at_end},
    {"6.6.5", k_kosme.substr(0, 5), k_valid},
    {"6.6.6", k_kosme.substr(0, 6), k_at_end},
    {"6.6.7", k_kosme.substr(0, 7), k_valid},
    {"6.6.8", k_kosme.substr(0, 8), k_at_end},
    {"6.6.9", k_kosme.substr(0, 9), k_valid},
    {"6.6.10", k_kosme.substr(0, 10), k_at_end},
    {"6.6.11", k_kosme, k_valid},
    // First possible sequence of each length.
    {"6.7.1", "\x00"sv, k_valid},
    {"6.7.2", "\xc2\x80"sv, k_valid},
    {"6.7.3", "\xe0\xa0\x80"sv, k_valid},
    {"6.7.4", "\xf0\x90\x80\x80"sv, k_valid},
    // 5- and 6-byte forms are not UTF-8.
    {"6.8.1", "\xf8\x88\x80\x80\x80"sv, 0},
    {"6.8.2", "\xfc\x84\x80\x80\x80\x80"sv, 0},
    // Last possible sequence of each length.
    {"6.9.1", "\x7f"sv, k_valid},
    {"6.9.2", "\xdf\xbf"sv, k_valid},
    {"6.9.3", "\xef\xbf\xbf"sv, k_valid},
    {"6.9.4", "\xf4\x8f\xbf\xbf"sv, k_valid},
    {"6.10.1", "\xf7\xbf\xbf\xbf"sv, 0},
    {"6.10.2", "\xfb\xbf\xbf\xbf\xbf"sv, 0},
    {"6.10.3", "\xfd\xbf\xbf\xbf\xbf\xbf"sv, 0},
    // Other boundaries.
    {"6.11.1", "\xed\x9f\xbf"sv, k_valid},
    {"6.11.2", "\xee\x80\x80"sv, k_valid},
    {"6.11.3", "\xef\xbf\xbd"sv, k_valid},
    {"6.11.4", "\xf4\x8f\xbf\xbf"sv, k_valid},
    {"6.11.5", "\xf4\x90\x80\x80"sv, 1},
    // Unexpected continuation bytes.
    {"6.12.1", "\x80"sv, 0},
    {"6.12.2", "\xbf"sv, 0},
    {"6.12.3", "\x80\xbf"sv, 0},
    {"6.12.4", "\x80\xbf\x80"sv, 0},
    {"6.12.5", "\x80\xbf\x80\xbf"sv, 0},
    {"6.12.6", "\x80\xbf\x80\xbf\x80"sv, 0},
    {"6.12.7", "\x80\xbf\x80\xbf\x80\xbf"sv, 0},
    {"6.12.8",
     "\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91\x92\x93\x94\x95\x96\x97\x98"
     "\x99\x9a"
     "\x9b\x9c\x9d\x9e\x9f\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf\xb0\xb1\xb2\xb3"
     "\xb4\xb5"
     "\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf"sv,
     0},
    // Lonely start bytes, each followed by a space.
    {"6.13.1",
     "\xc0 \xc1 \xc2 \xc3 \xc4 \xc5 \xc6 \xc7 \xc8 \xc9 \xca \xcb \xcc \xcd \xce \xcf \xd0 \xd1 \xd2 \xd3 "
     "\xd4 \xd5 "
     "\xd6 \xd7 \xd8 \xd9 \xda \xdb \xdc \xdd \xde "sv,
     0},
    {"6.13.2", "\xe0 \xe1 \xe2 \xe3 \xe4 \xe5 \xe6 \xe7 \xe8 \xe9 \xea \xeb \xec \xed \xee "sv, 1},
    {"6.13.3", "\xf0 \xf1 \xf2 \xf3 \xf4 \xf5 \xf6 "sv, 1},
    {"6.13.4", "\xf8 \xf9 \xfa "sv, 0},
    {"6.13.5", "\xfc "sv, 0},
    // Sequences missing their last continuation byte.
    {"6.14.1", "\xc0"sv, 0},
    {"6.14.2", "\xe0\x80"sv, 1},
    {"6.14.3", "\xf0\x80\x80"sv, 1},
    {"6.14.4", "\xf8\x80\x80\x80"sv, 0},
    {"6.14.5", "\xfc\x80\x80\x80\x80"sv, 0},
    {"6.14.6", "\xdf"sv, k_at_end},
    {"6.14.7", "\xef\xbf"sv, k_at_end},
    {"6.14.8", "\xf7\xbf\xbf"sv, 0},
    {"6.14.9", "\xfb\xbf\xbf\xbf"sv, 0},
    {"6.14.10", "\xfd\xbf\xbf\xbf\xbf"sv, 0},
    {"6.15.1",
     "\xc0\xe0\x80\xf0\x80\x80\xf8\x80\x80\x80\xfc\x80\x80\x80\x80\xdf\xef\xbf\xf7\xbf\xbf\xfb\xbf\xbf\xbf"
     "\xfd\xbf\xbf"
     "\xbf\xbf"sv,
     0},
    // Impossible bytes.
    {"6.16.1", "\xfe"sv, 0},
    {"6.16.2", "\xff"sv, 0},
    {"6.16.3", "\xfe\xfe\xff\xff"sv, 0},
    // Overlong "/".
    {"6.17.1", "\xc0\xaf"sv, 0},
    {"6.17.2", "\xe0\x80\xaf"sv, 1},
    {"6.17.3", "\xf0\x80\x80\xaf"sv, 1},
    {"6.17.4", "\xf8\x80\x80\x80\xaf"sv, 0},
    {"6.17.5", "\xfc\x80\x80\x80\x80\xaf"sv, 0},
    // Maximum overlongs.
    {"6.18.1", "\xc1\xbf"sv, 0},
    {"6.18.2", "\xe0\x9f\xbf"sv, 1},
    {"6.18.3", "\xf0\x8f\xbf\xbf"sv, 1},
    {"6.18.4", "\xf8\x87\xbf\xbf\xbf"sv, 0},
    {"6.18.5", "\xfc\x83\xbf\xbf\xbf\xbf"sv, 0},
    // Overlong NUL.
    {"6.19.1", "\xc0\x80"sv, 0},
    {"6.19.2", "\xe0\x80\x80"sv, 1},
    {"6.19.3", "\xf0\x80\x80\x80"sv, 1},
    {"6.19.4", "\xf8\x80\x80\x80\x80"sv, 0},
    {"6.19.5", "\xfc\x80\x80\x80\x80\x80"sv, 0},
    // Single UTF-16 surrogates.
    {"6.20.1", "\xed\xa0\x80"sv, 1},
    {"6.20.2", "\xed\xad\xbf"sv, 1},
    {"6.20.3", "\xed\xae\x80"sv, 1},
    {"6.20.4", "\xed\xaf\xbf"sv, 1},
    {"6.20.5", "\xed\xb0\x80"sv, 1},
    {"6.20.6", "\xed\xbe\x80"sv, 1},
    {"6.20.7", "\xed\xbf\xbf"sv, 1},
    // Paired UTF-16 surrogates.
    {"6.21.1", "\xed\xa0\x80\xed\xb0\x80"sv, 1},
    {"6.21.2", "\xed\xa0\x80\xed\xbf\xbf"sv, 1},
    {"6.21.3", "\xed\xad\xbf\xed\xb0\x80"sv, 1},
    {"6.21.4", "\xed\xad\xbf\xed\xbf\xbf"sv, 1},
    {"6.21.5", "\xed\xae\x80\xed\xb0\x80"sv, 1},
    {"6.21.6", "\xed\xae\x80\xed\xbf\xbf"sv, 1},
    {"6.21.7", "\xed\xaf\xbf\xed\xb0\x80"sv, 1},
    {"6.21.8", "\xed\xaf\xbf\xed\xbf\xbf"sv, 1},
    // Noncharacters are well-formed UTF-8 (6.22 covers every plane below).
    {"6.22.1", "\xef\xbf\xbe"sv, k_valid},
    {"6.22.2", "\xef\xbf\xbf"sv, k_valid},
    // Specials U+FFF9-U+FFFF.
    {"6.23.1", "\xef\xbf\xb9"sv, k_valid},
    {"6.23.5", "\xef\xbf\xbd"sv, k_valid},
    {"6.23.7", "\xef\xbf\xbf"sv, k_valid},
};

std::vector<event> expected_for(const utf8_case& c) {
    if (c.fails_at == k_valid) return {text(c.payload)};
    return {failed(error::invalid_utf8_text)};
}

TEST(autobahn_6_utf8, each_sequence_gets_the_exact_verdict_as_one_frame_and_one_frame_per_byte) {
    for (const utf8_case& c : k_utf8_cases) {
        check(c.id, frame(opcode::text, c.payload), expected_for(c));
        check(c.id, fragment_per_byte(c.payload), expected_for(c));
    }
}

TEST(autobahn_6_utf8, invalid_text_fails_at_the_first_impossible_byte) {
    for (const utf8_case& c : k_utf8_cases) {
        if (c.fails_at == k_valid) continue;
        const std::size_t index = c.fails_at == k_at_end ? c.payload.size() - 1 : c.fails_at;
        // One frame: 2-byte header and 4-byte key before the payload.
        EXPECT_EQ(bytes_until_done(frame(opcode::text, c.payload)), 6 + index + 1) << c.id;
        // One frame per byte: each is 7 bytes, payload byte last.
        EXPECT_EQ(bytes_until_done(fragment_per_byte(c.payload)), 7 * (index + 1)) << c.id;
    }
}

// Encodes a code point; used to reach every plane's noncharacters.
std::string utf8(std::uint32_t cp) {
    std::string out;
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
    return out;
}

TEST(autobahn_6_utf8, noncharacters_of_every_supplementary_plane_are_valid) {
    for (std::uint32_t plane = 1; plane <= 16; ++plane) {
        for (std::uint32_t low : {0xFFFEu, 0xFFFFu}) {
            const std::string s = utf8((plane << 16) | low);
            check("6.22", frame(opcode::text, s), {text(s)});
        }
    }
}

// Case 6.4: the parser must fail as soon as the bad bytes arrive, before the
// client sends the rest of the message.
constexpr std::string_view k_part1 = "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5";
constexpr std::string_view k_part2 = "\xf4\x90\x80\x80";
constexpr std::string_view k_part3 = "edited";

TEST(autobahn_6_utf8, fragmented_invalid_text_fails_before_the_last_fragment_arrives) {
    {
        recorder r;
        EXPECT_EQ(failing_chunk({frame(opcode::text, k_part1, {.fin = false}),
                                 frame(opcode::continuation, k_part2, {.fin = false}),
                                 frame(opcode::continuation, k_part3)},
                                r),
                  1u)
            << "6.4.1";
        EXPECT_EQ(r.events, std::vector<event>{failed(error::invalid_utf8_text)});
    }
    {
        recorder r;
        EXPECT_EQ(failing_chunk({frame(opcode::text, std::string(k_part1) + "\xf4", {.fin = false}),
                                 frame(opcode::continuation, "\x90", {.fin = false}),
                                 frame(opcode::continuation,
                                       "\x80\x80"
                                       "edited")},
                                r),
                  1u)
            << "6.4.2";
        EXPECT_EQ(r.events, std::vector<event>{failed(error::invalid_utf8_text)});
    }
}

TEST(autobahn_6_utf8, invalid_text_in_one_frame_fails_in_the_chop_carrying_the_bad_byte) {
    const std::string payload = std::string(k_part1) + std::string(k_part2) + std::string(k_part3);
    const bytes whole = frame(opcode::text, payload);
    const auto chop = [&](std::size_t from, std::size_t to) {
        return bytes(whole.begin() + static_cast<std::ptrdiff_t>(from),
                     whole.begin() + static_cast<std::ptrdiff_t>(to));
    };
    const std::size_t header = 6;
    const std::size_t p2 = header + k_part1.size();
    {
        recorder r;  // 6.4.3: header + part 1 | part 2 | part 3
        EXPECT_EQ(failing_chunk({chop(0, p2), chop(p2, p2 + 4), chop(p2 + 4, whole.size())}, r), 1u);
        EXPECT_EQ(r.events, std::vector<event>{failed(error::invalid_utf8_text)});
    }
    {
        recorder r;  // 6.4.4: header + part 1 + F4 | 90 | rest
        EXPECT_EQ(failing_chunk({chop(0, p2 + 1), chop(p2 + 1, p2 + 2), chop(p2 + 2, whole.size())}, r), 1u);
        EXPECT_EQ(r.events, std::vector<event>{failed(error::invalid_utf8_text)});
    }
}

// ===========================================================================
// 7 Close handling

TEST(autobahn_7_close, close_ends_the_stream_and_later_frames_are_ignored) {
    check("7.1.1", join({frame(opcode::text, "Hello World!"), client_close(1000)}),
          {text("Hello World!"), closed(1000)});
    check("7.1.2", join({client_close(1000), client_close(1000)}), {closed(1000)});
    check("7.1.3", join({client_close(1000), frame(opcode::ping, "")}), {closed(1000)});
    check("7.1.4", join({client_close(1000), frame(opcode::text, "Hello World!")}), {closed(1000)});
    check("7.1.5",
          join({frame(opcode::text, "fragment1", {.fin = false}), client_close(1000),
                frame(opcode::continuation, "fragment2")}),
          {closed(1000)});
}

TEST(autobahn_7_close, large_message_then_close_delivers_both) {
    std::string big;
    while (big.size() < 256 * 1024) big += "BAsd7&jh23";
    check("7.1.6", join({frame(opcode::text, big), client_close(1000), frame(opcode::ping, "")}),
          {text(big), closed(1000)});
}

TEST(autobahn_7_close, close_payload_is_empty_or_a_code_with_a_reason_of_at_most_123_bytes) {
    check("7.3.1", frame(opcode::close, ""), {closed(1005)});
    check("7.3.2", frame(opcode::close, "a"), {failed(error::close_payload_too_short)});
    check("7.3.3", client_close(1000), {closed(1000)});
    check("7.3.4", client_close(1000, "Hello World!"), {closed(1000, "Hello World!")});
    check("7.3.5", client_close(1000, std::string(123, '*')), {closed(1000, std::string(123, '*'))});
    check("7.3.6", client_close(1000, std::string(124, '*')), {failed(error::control_frame_too_big)});
}

TEST(autobahn_7_close, close_reason_that_is_not_utf8_fails_with_1007) {
    check("7.5.1",
          client_close(1000,
                       "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80"
                       "edited"),
          {failed(error::invalid_utf8_close_reason)});
}

TEST(autobahn_7_close, valid_close_codes_are_delivered) {
    for (std::uint16_t code :
         {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999}) {
        check(("7.7 code " + std::to_string(code)).c_str(), client_close(code), {closed(code)});
    }
}

TEST(autobahn_7_close, invalid_close_codes_fail_with_1002) {
    // 7.9.x and 7.13.x; 1012-1014 are refused too (see is_valid_received_close_code).
    for (std::uint16_t code :
         {0, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
        check(("7.9 code " + std::to_string(code)).c_str(), client_close(code),
              {failed(error::invalid_close_code)});
    }
}

// ===========================================================================
// Framing rules the suite checks as part of every case

TEST(autobahn_framing_rules, unmasked_client_frame_fails_with_1002) {
    check("unmasked text", frame(opcode::text, "Hello", {.masked = false}), {failed(error::unmasked_frame)});
    check("unmasked ping", frame(opcode::ping, "", {.masked = false}), {failed(error::unmasked_frame)});
}

}  // namespace
}  // namespace ordercast::websocket

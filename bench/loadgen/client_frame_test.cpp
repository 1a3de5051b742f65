#include "bench/loadgen/client_frame.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace ordercast::bench {
namespace {

// A server frame (never masked) built by hand, independent of the code under test.
std::string server_frame(ws_opcode op, std::string_view payload, bool fin = true) {
    std::string f;
    f.push_back(static_cast<char>((fin ? 0x80 : 0) | static_cast<int>(op)));
    if (payload.size() < 126) {
        f.push_back(static_cast<char>(payload.size()));
    } else if (payload.size() <= 0xffff) {
        f.push_back(126);
        f.push_back(static_cast<char>(payload.size() >> 8));
        f.push_back(static_cast<char>(payload.size() & 0xff));
    } else {
        f.push_back(127);
        for (int s = 56; s >= 0; s -= 8) f.push_back(static_cast<char>((payload.size() >> s) & 0xff));
    }
    f.append(payload);
    return f;
}

using frames = std::vector<std::pair<ws_opcode, std::string>>;

frames feed_all(frame_reader& r, std::string_view bytes, std::size_t step, bool* ok = nullptr) {
    frames got;
    bool all_ok = true;
    for (std::size_t i = 0; i < bytes.size(); i += step)
        all_ok &=
            r.feed(bytes.substr(i, step), [&](ws_opcode op, std::string_view p) { got.emplace_back(op, p); });
    if (ok) *ok = all_ok;
    return got;
}

TEST(client_frame, masked_frame_sets_mask_bit_and_xors_payload_with_key) {
    std::string out;
    append_client_frame(out, ws_opcode::text, "Hello", 0x37fa213d);
    // RFC 6455 section 5.7's example: a masked "Hello".
    const unsigned char expected[] = {0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58};
    ASSERT_EQ(out.size(), sizeof expected);
    for (std::size_t i = 0; i < out.size(); ++i)
        EXPECT_EQ(static_cast<unsigned char>(out[i]), expected[i]) << i;
}

TEST(client_frame, length_uses_16_and_64_bit_forms_past_125_and_65535) {
    std::string out;
    append_client_frame(out, ws_opcode::binary, std::string(126, 'a'), 1);
    EXPECT_EQ(static_cast<unsigned char>(out[1]), 0x80 | 126);
    EXPECT_EQ(out.size(), 2u + 2 + 4 + 126);
    out.clear();
    append_client_frame(out, ws_opcode::binary, std::string(65536, 'a'), 1);
    EXPECT_EQ(static_cast<unsigned char>(out[1]), 0x80 | 127);
    EXPECT_EQ(out.size(), 2u + 8 + 4 + 65536);
}

TEST(frame_reader, delivers_the_same_messages_whatever_the_read_boundaries) {
    std::string stream = server_frame(ws_opcode::text, "first") + server_frame(ws_opcode::ping, "p") +
                         server_frame(ws_opcode::text, std::string(300, 'm')) +
                         server_frame(ws_opcode::binary, std::string(70000, 'b')) +
                         server_frame(ws_opcode::text, "");
    for (std::size_t step :
         {std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{4096}, stream.size()}) {
        frame_reader r;
        bool ok = false;
        frames got = feed_all(r, stream, step, &ok);
        ASSERT_TRUE(ok) << step;
        ASSERT_EQ(got.size(), 5u) << step;
        EXPECT_EQ(got[0], std::make_pair(ws_opcode::text, std::string("first")));
        EXPECT_EQ(got[1], std::make_pair(ws_opcode::ping, std::string("p")));
        EXPECT_EQ(got[2].second, std::string(300, 'm'));
        EXPECT_EQ(got[3].second.size(), 70000u);
        EXPECT_EQ(got[4], std::make_pair(ws_opcode::text, std::string()));
        EXPECT_EQ(r.buffered(), 0u) << "an in-sync reader must hold no bytes";
    }
}

TEST(frame_reader, reassembles_fragments_and_passes_a_ping_sent_between_them) {
    std::string stream = server_frame(ws_opcode::text, "ab", false) + server_frame(ws_opcode::ping, "x") +
                         server_frame(ws_opcode::continuation, "cd", false) +
                         server_frame(ws_opcode::continuation, "ef", true);
    frame_reader r;
    frames got = feed_all(r, stream, 2);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], std::make_pair(ws_opcode::ping, std::string("x")));
    EXPECT_EQ(got[1], std::make_pair(ws_opcode::text, std::string("abcdef")));
    EXPECT_EQ(r.buffered(), 0u);
}

TEST(frame_reader, keeps_an_incomplete_frame_until_the_rest_arrives) {
    std::string f = server_frame(ws_opcode::text, "hello world");
    frame_reader r;
    frames got = feed_all(r, std::string_view(f).substr(0, 5), 5);
    EXPECT_TRUE(got.empty());
    EXPECT_EQ(r.buffered(), 5u);
    got = feed_all(r, std::string_view(f).substr(5), 100);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].second, "hello world");
}

TEST(frame_reader, rejects_masked_frames_reserved_bits_and_opcodes_and_stray_continuations) {
    std::string masked;
    append_client_frame(masked, ws_opcode::text, "x", 5);  // a server must not mask
    std::string rsv = server_frame(ws_opcode::text, "x");
    rsv[0] = static_cast<char>(rsv[0] | 0x40);
    std::string reserved_op = server_frame(static_cast<ws_opcode>(0x3), "x");
    std::string stray = server_frame(ws_opcode::continuation, "x");
    std::string long_ping = server_frame(ws_opcode::ping, std::string(126, 'p'));
    for (const std::string& bad : {masked, rsv, reserved_op, stray, long_ping}) {
        frame_reader r;
        bool ok = true;
        feed_all(r, bad, bad.size(), &ok);
        EXPECT_FALSE(ok);
    }
}

TEST(mask_source, produces_varying_nonzero_keys) {
    mask_source m(0);
    std::uint32_t a = m.next(), b = m.next();
    EXPECT_NE(a, 0u);
    EXPECT_NE(a, b);
}

TEST(upgrade_request, names_target_host_and_websocket_headers) {
    std::string req;
    append_upgrade_request(req, "127.0.0.1", 8000, "/v1?token=t");
    EXPECT_TRUE(req.starts_with("GET /v1?token=t HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"));
    EXPECT_NE(req.find("Upgrade: websocket\r\n"), std::string::npos);
    EXPECT_NE(req.find("Sec-WebSocket-Version: 13\r\n"), std::string::npos);
    EXPECT_TRUE(req.ends_with("\r\n\r\n"));
}

}  // namespace
}  // namespace ordercast::bench

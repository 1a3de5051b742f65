#include "bench/loadgen/http_response_parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ordercast::bench {
namespace {

const std::string k_ok =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"seq\":12345}";

TEST(http_response_parser, parses_pipelined_responses_one_at_a_time) {
    std::string two = k_ok + "HTTP/1.1 429 Too Many Requests\r\ncontent-length: 2\r\n\r\n{}";
    http_response r;
    std::size_t n = parse_http_response(two, r);
    ASSERT_EQ(n, k_ok.size());
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "{\"seq\":12345}");
    std::size_t m = parse_http_response(std::string_view(two).substr(n), r);
    EXPECT_EQ(n + m, two.size());
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.body, "{}");
}

TEST(http_response_parser, every_proper_prefix_is_incomplete) {
    http_response r;
    for (std::size_t len = 0; len < k_ok.size(); ++len)
        ASSERT_EQ(parse_http_response(std::string_view(k_ok).substr(0, len), r), k_http_incomplete) << len;
}

TEST(http_response_parser, chunked_body_ends_at_the_zero_chunk) {
    const std::string chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\n\r\n";
    http_response r;
    EXPECT_EQ(parse_http_response(chunked + "HTTP/1.1", r), chunked.size());
    EXPECT_TRUE(r.chunked);
    EXPECT_EQ(parse_http_response(chunked.substr(0, chunked.size() - 1), r), k_http_incomplete);
}

TEST(http_response_parser, switching_protocols_has_no_body_and_leaves_frames_after_it) {
    const std::string head =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
    http_response r;
    EXPECT_EQ(parse_http_response(head + "\x81\x02hi", r), head.size());
    EXPECT_EQ(r.status, 101);
    EXPECT_EQ(http_header_size(head + "\x81"), head.size());
}

TEST(http_response_parser, refuses_what_is_not_a_response) {
    http_response r;
    EXPECT_EQ(parse_http_response("GET / HTTP/1.1\r\n\r\n", r), k_http_malformed);
    EXPECT_EQ(parse_http_response("HTTP/1.1 2x0 OK\r\n\r\n", r), k_http_malformed);
    EXPECT_EQ(parse_http_response("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n", r), k_http_malformed);
    EXPECT_EQ(parse_http_response("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", r), k_http_malformed);
}

}  // namespace
}  // namespace ordercast::bench

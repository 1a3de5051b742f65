#include "net/websocket/handshake.hpp"

#include <gtest/gtest.h>

namespace ordercast::websocket {
namespace {

TEST(handshake, accept_key_matches_the_rfc_6455_example) {
    // RFC 6455 1.3.
    EXPECT_EQ(compute_accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(handshake, accept_key_depends_on_the_client_key) {
    EXPECT_NE(compute_accept_key("AAAAAAAAAAAAAAAAAAAAAA=="), compute_accept_key("AQAAAAAAAAAAAAAAAAAAAA=="));
    EXPECT_EQ(compute_accept_key("AAAAAAAAAAAAAAAAAAAAAA==").size(), 28u);
}

TEST(handshake, accepts_canonical_base64_of_16_bytes) {
    EXPECT_TRUE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQ=="));
    EXPECT_TRUE(is_valid_client_key("AAAAAAAAAAAAAAAAAAAAAA=="));
    EXPECT_TRUE(is_valid_client_key("/////////////////////w=="));
    EXPECT_TRUE(is_valid_client_key("+/+/+/+/+/+/+/+/+/+/+Q=="));
}

TEST(handshake, rejects_keys_that_are_not_16_bytes_of_base64) {
    EXPECT_FALSE(is_valid_client_key(""));
    EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQ="));    // 23 chars
    EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQ==="));  // 25 chars
    EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQAA"));   // no padding: 18 bytes
    EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25j-Q=="));   // base64url alphabet
    EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZ Q="));
    EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZR=="));  // stray bits after byte 16
    EXPECT_FALSE(is_valid_client_key("the sample nonce"));
}

TEST(handshake, splits_protocol_list_and_trims_whitespace) {
    const auto list = parse_protocol_list("chat, superchat,\tv1.ordercast ");
    ASSERT_TRUE(list);
    EXPECT_EQ(*list, (std::vector<std::string_view>{"chat", "superchat", "v1.ordercast"}));
}

TEST(handshake, skips_empty_protocol_list_elements) {
    const auto list = parse_protocol_list(" , chat,, ,x,");
    ASSERT_TRUE(list);
    EXPECT_EQ(*list, (std::vector<std::string_view>{"chat", "x"}));
    EXPECT_EQ(parse_protocol_list(""), std::vector<std::string_view>{});
}

TEST(handshake, accepts_a_jwt_as_a_protocol_token) {
    const auto list = parse_protocol_list("access_token, eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln-_");
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[1], "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln-_");
}

TEST(handshake, refuses_protocol_elements_that_are_not_tokens) {
    EXPECT_FALSE(parse_protocol_list("chat super"));
    EXPECT_FALSE(parse_protocol_list("chat, \"quoted\""));
    EXPECT_FALSE(parse_protocol_list("a/b"));
    EXPECT_FALSE(parse_protocol_list("eyJ=padded"));
}

}  // namespace
}  // namespace ordercast::websocket

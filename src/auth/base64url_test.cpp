#include "auth/base64url.hpp"

#include <gtest/gtest.h>

namespace ordercast::auth {
namespace {

TEST(base64url, encodes_rfc4648_vectors_without_padding) {
    EXPECT_EQ(base64url_encode(""), "");
    EXPECT_EQ(base64url_encode("f"), "Zg");
    EXPECT_EQ(base64url_encode("fo"), "Zm8");
    EXPECT_EQ(base64url_encode("foo"), "Zm9v");
    EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
    EXPECT_EQ(base64url_encode("fooba"), "Zm9vYmE");
    EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
}

TEST(base64url, uses_url_safe_alphabet) {
    EXPECT_EQ(base64url_encode("\xfb\xff\xbf"), "-_-_");
    std::string out;
    ASSERT_TRUE(base64url_decode("-_-_", out));
    EXPECT_EQ(out, "\xfb\xff\xbf");
}

TEST(base64url, round_trips_every_byte_value_and_length) {
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
    std::string out;
    for (std::size_t len = 0; len <= bytes.size(); ++len) {
        const std::string_view in(bytes.data(), len);
        const std::string text = base64url_encode(in);
        EXPECT_EQ(base64url_decoded_size(text.size()), len);
        ASSERT_TRUE(base64url_decode(text, out)) << len;
        EXPECT_EQ(out, in);
    }
}

TEST(base64url, rejects_padding_standard_alphabet_and_junk) {
    std::string out;
    EXPECT_FALSE(base64url_decode("Zg==", out));
    EXPECT_FALSE(base64url_decode("+/+/", out));
    EXPECT_FALSE(base64url_decode("Zm9v YmFy", out));
    EXPECT_FALSE(base64url_decode("Zm9v.", out));
}

TEST(base64url, rejects_impossible_length) {
    std::string out;
    EXPECT_FALSE(base64url_decode("Z", out));
    EXPECT_FALSE(base64url_decode("Zm9vY", out));
}

TEST(base64url, rejects_non_zero_unused_bits) {
    std::string out;
    EXPECT_TRUE(base64url_decode("Zg", out));
    EXPECT_FALSE(base64url_decode("Zh", out));  // same byte, stray low bits
    EXPECT_TRUE(base64url_decode("Zm8", out));
    EXPECT_FALSE(base64url_decode("Zm9", out));
}

}  // namespace
}  // namespace ordercast::auth

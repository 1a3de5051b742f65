#include "net/websocket/utf8_validator.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace ordercast::websocket {
namespace {

// ---------------------------------------------------------------------------
// A reference written differently from the DFA: decode by bit patterns and
// check the resulting code point, as the Unicode standard's prose defines it.

std::string encode(std::uint32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

// Length of the well-formed code point at p, or 0 if there is none.
std::size_t decode_one(const unsigned char* p, std::size_t n) {
    std::size_t len;
    std::uint32_t cp;
    if (p[0] < 0x80) return 1;
    if ((p[0] & 0xE0) == 0xC0) {
        len = 2;
        cp = p[0] & 0x1F;
    } else if ((p[0] & 0xF0) == 0xE0) {
        len = 3;
        cp = p[0] & 0x0F;
    } else if ((p[0] & 0xF8) == 0xF0) {
        len = 4;
        cp = p[0] & 0x07;
    } else
        return 0;
    if (n < len) return 0;
    for (std::size_t i = 1; i < len; ++i) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    static constexpr std::uint32_t k_min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < k_min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

// Which 1-3 byte strings are proper prefixes of some code point's encoding.
struct prefix_tables {
    std::vector<bool> of_length[4];
    prefix_tables() {
        of_length[1].resize(1u << 8);
        of_length[2].resize(1u << 16);
        of_length[3].resize(1u << 24);
        for (std::uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;
            const std::string e = encode(cp);
            std::uint32_t key = 0;
            for (std::size_t k = 1; k < e.size(); ++k) {
                key = (key << 8) | static_cast<unsigned char>(e[k - 1]);
                of_length[k][key] = true;
            }
        }
    }
    bool contains(const unsigned char* p, std::size_t n) const {
        if (n == 0 || n > 3) return n == 0;
        std::uint32_t key = 0;
        for (std::size_t i = 0; i < n; ++i) key = (key << 8) | p[i];
        return of_length[n][key];
    }
};

struct verdict {
    bool prefix_ok;  // what feed() must return
    bool complete;   // what complete() must return
    friend bool operator==(const verdict&, const verdict&) = default;
};

verdict reference(const unsigned char* p, std::size_t n, const prefix_tables& prefixes) {
    std::size_t i = 0;
    while (i < n) {
        const std::size_t len = decode_one(p + i, n - i);
        if (len == 0) break;
        i += len;
    }
    if (i == n) return {true, true};
    return {prefixes.contains(p + i, n - i), false};
}

verdict actual(const unsigned char* p, std::size_t n) {
    utf8_validator v;
    const bool ok = v.feed(std::string_view(reinterpret_cast<const char*>(p), n));
    return {ok, v.complete()};
}

const prefix_tables& tables() {
    static const prefix_tables t;
    return t;
}

// ---------------------------------------------------------------------------

TEST(utf8_validator, agrees_with_reference_on_every_string_of_up_to_three_bytes) {
    const auto& prefixes = tables();
    std::array<unsigned char, 3> s{};
    std::size_t mismatches = 0;
    for (std::size_t n = 1; n <= 3; ++n) {
        const std::uint32_t count = 1u << (8 * n);
        for (std::uint32_t value = 0; value < count; ++value) {
            for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<unsigned char>(value >> (8 * (n - 1 - i)));
            // An ASCII byte returns the validator to its start state, so 3-byte
            // strings led by one are the 2-byte strings again: skip them.
            if (n == 3 && s[0] < 0x80) continue;
            const verdict want = reference(s.data(), n, prefixes);
            const verdict got = actual(s.data(), n);
            if (want != got && ++mismatches <= 10) {
                ADD_FAILURE() << "length " << n << " value 0x" << std::hex << value
                              << ": want ok=" << want.prefix_ok << " complete=" << want.complete
                              << ", got ok=" << got.prefix_ok << " complete=" << got.complete;
            }
        }
    }
    EXPECT_EQ(mismatches, 0u);
}

TEST(utf8_validator, agrees_with_reference_on_four_byte_strings_with_lead_f0_to_f7) {
    const auto& prefixes = tables();
    static constexpr unsigned char k_last[] = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0, 0xFF};
    std::size_t mismatches = 0;
    for (unsigned lead = 0xF0; lead <= 0xF7; ++lead)
        for (unsigned b1 = 0; b1 < 256; ++b1)
            for (unsigned b2 = 0; b2 < 256; ++b2)
                for (unsigned char b3 : k_last) {
                    const unsigned char s[4] = {static_cast<unsigned char>(lead),
                                                static_cast<unsigned char>(b1),
                                                static_cast<unsigned char>(b2), b3};
                    if (reference(s, 4, prefixes) != actual(s, 4) && ++mismatches <= 10)
                        ADD_FAILURE() << std::hex << lead << ' ' << b1 << ' ' << b2 << ' ' << unsigned{b3};
                }
    EXPECT_EQ(mismatches, 0u);
}

TEST(utf8_validator, accepts_every_code_point_except_surrogates) {
    for (std::uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        ASSERT_EQ(is_valid_utf8(encode(cp)), !surrogate) << std::hex << cp;
    }
}

TEST(utf8_validator, rejects_code_points_above_10ffff) {
    EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));
    EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
    EXPECT_FALSE(is_valid_utf8("\xF7\xBF\xBF\xBF"));
}

TEST(utf8_validator, rejects_overlong_encodings_of_slash_and_nul) {
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));
    EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));
    EXPECT_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));
    EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));
    EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));
    EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));
    EXPECT_FALSE(is_valid_utf8(std::string_view("\xC0\x80", 2)));
}

TEST(utf8_validator, rejects_encoded_utf16_surrogates) {
    EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));   // U+D7FF
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // U+D800
    EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));  // U+DFFF
    EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));   // U+E000
}

TEST(utf8_validator, reports_failure_at_the_first_impossible_byte) {
    struct probe {
        std::string_view text;
        std::size_t failing_index;
    };
    const probe probes[] = {
        {"ab\xF4\x90\x80\x80", 3},    // F4 90: above U+10FFFF, known at the 90
        {"\xCE\xBA\xED\xA0\x80", 3},  // ED A0: surrogate, known at the A0
        {"abc\xC0\xAF", 3},           // C0 never appears
        {"\xE0\x80\xAF", 1},          // E0 80: overlong, known at the 80
        {"\xE2\x82 ", 2},             // sequence cut short by a space
        {"0123456789\x80", 10},       // stray continuation after the ASCII fast path
    };
    for (const auto& p : probes) {
        utf8_validator v;
        std::size_t failed_at = p.text.size();
        for (std::size_t i = 0; i < p.text.size(); ++i) {
            if (!v.feed(p.text.substr(i, 1))) {
                failed_at = i;
                break;
            }
        }
        EXPECT_EQ(failed_at, p.failing_index) << ::testing::PrintToString(p.text);
    }
}

TEST(utf8_validator, truncated_sequence_is_a_valid_prefix_but_not_complete) {
    utf8_validator v;
    EXPECT_TRUE(v.feed("\xF0\x9F\x98"));
    EXPECT_FALSE(v.complete());
    EXPECT_TRUE(v.feed("\x80"));  // completes U+1F600
    EXPECT_TRUE(v.complete());
}

TEST(utf8_validator, stays_failed_until_reset) {
    utf8_validator v;
    EXPECT_FALSE(v.feed("\xFF"));
    EXPECT_TRUE(v.failed());
    EXPECT_FALSE(v.feed("plain ascii"));
    EXPECT_FALSE(v.complete());
    v.reset();
    EXPECT_TRUE(v.feed("plain ascii"));
    EXPECT_TRUE(v.complete());
}

TEST(utf8_validator, ascii_fast_path_finds_a_bad_byte_at_every_offset) {
    for (std::size_t length = 1; length <= 40; ++length) {
        for (std::size_t bad = 0; bad < length; ++bad) {
            std::string s(length, 'x');
            s[bad] = '\xFF';
            EXPECT_FALSE(is_valid_utf8(s)) << length << " " << bad;
            s[bad] = '\x7F';
            EXPECT_TRUE(is_valid_utf8(s)) << length << " " << bad;
        }
    }
}

TEST(utf8_validator, any_split_of_the_input_gives_the_same_verdict) {
    std::mt19937 rng(20240601);
    // Draw from bytes that make interesting sequences, so both verdicts occur.
    static constexpr unsigned char k_alphabet[] = {'a',  0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2,
                                                   0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5};
    std::uniform_int_distribution<std::size_t> pick(0, std::size(k_alphabet) - 1);
    std::uniform_int_distribution<std::size_t> length(0, 24);
    std::size_t valid = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string s(length(rng), '\0');
        for (char& c : s) c = static_cast<char>(k_alphabet[pick(rng)]);
        utf8_validator whole;
        const bool whole_ok = whole.feed(s);
        valid += whole_ok && whole.complete();
        for (std::size_t cut = 0; cut <= s.size(); ++cut) {
            utf8_validator parts;
            const bool ok =
                parts.feed(std::string_view(s).substr(0, cut)) & parts.feed(std::string_view(s).substr(cut));
            ASSERT_EQ(ok, whole_ok);
            ASSERT_EQ(parts.complete(), whole.complete());
        }
    }
    EXPECT_GT(valid, 100u);  // the sample exercised acceptance, not only rejection
}

}  // namespace
}  // namespace ordercast::websocket

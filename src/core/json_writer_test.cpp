#include "core/json_writer.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "core/clock.hpp"
#include "core/json_id.hpp"

using ordercast::core::json_writer;

TEST(json_writer, escapes_quotes_backslashes_and_control_characters) {
    std::string out;
    json_writer(out).string(std::string("a\"b\\c\n\x01", 7));
    EXPECT_EQ(out, R"("a\"b\\c\n\u0001")");
}

// The escaper checks 8 bytes at a time; a byte-at-a-time reference must agree for every
// byte value at every position of the word, of the tail, and of strings shorter than a word.
std::string reference_escape(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"')
            out += "\\\"";
        else if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\b')
            out += "\\b";
        else if (c == '\f')
            out += "\\f";
        else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else
            out += static_cast<char>(c);
    }
    return out + "\"";
}

TEST(json_writer, escapes_every_byte_value_at_every_position_like_a_byte_at_a_time_escaper) {
    for (std::size_t length : {0u, 1u, 2u, 3u, 7u, 8u, 9u, 15u, 16u, 17u, 21u}) {
        for (std::size_t pos = 0; pos < length; ++pos) {
            for (int value = 0; value < 256; ++value) {
                std::string s(length, 'a');
                s[pos] = static_cast<char>(value);
                std::string out;
                json_writer(out).string(s);
                ASSERT_EQ(out, reference_escape(s))
                    << "length " << length << ", byte " << value << " at " << pos;
            }
        }
    }
    // Two bytes to escape, in the same word or in different ones, plain text between and after.
    for (std::size_t first = 0; first < 19; ++first) {
        for (std::size_t second = first + 1; second < 19; ++second) {
            std::string s(19, 'b');
            s[first] = '"';
            s[second] = '\n';
            std::string out;
            json_writer(out).string(s);
            ASSERT_EQ(out, reference_escape(s)) << "escapes at " << first << " and " << second;
        }
    }
    std::string mixed = "caf\xc3\xa9 \"q\" \\ \x1f tab\t end of a longer run of plain text";
    std::string out;
    json_writer(out).string(mixed);
    EXPECT_EQ(out, reference_escape(mixed));
}

TEST(json_writer, separates_fields_and_nested_values_with_commas) {
    std::string out;
    json_writer w(out);
    w.begin_object()
        .field("a", 1)
        .key("b")
        .begin_array()
        .number(1)
        .number(2)
        .end_array()
        .key("c")
        .begin_object()
        .end_object()
        .field("d", true)
        .end_object();
    EXPECT_EQ(out, R"({"a":1,"b":[1,2],"c":{},"d":true})");
}

TEST(json_writer, writes_nan_as_null) {
    std::string out;
    json_writer(out).floating(0.0 / 0.0);
    EXPECT_EQ(out, "null");
}

TEST(clock, formats_iso8601_with_milliseconds_in_utc) {
    EXPECT_EQ(ordercast::core::iso8601(1705314600123), "2024-01-15T10:30:00.123Z");
    EXPECT_EQ(ordercast::core::iso8601(0), "1970-01-01T00:00:00.000Z");
}

TEST(json_writer, nullable_fields_write_null_for_values_that_are_not_set) {
    std::string out;
    json_writer w(out);
    w.begin_object()
        .field_or_null("a", std::string_view())
        .field_or_null("b", "x\"y")
        .field_or_null("c", std::optional<double>())
        .field_or_null("d", std::optional<double>(1.5))
        .field_or_null("e", std::optional<std::int64_t>())
        .field_or_null("f", std::optional<std::int64_t>(-7))
        .timestamp_or_null("g", 0)
        .timestamp_or_null("h", 1705314600123)
        .field_or_null(std::string_view("dyn"), std::string("v"))
        .end_object();
    EXPECT_EQ(out, R"({"a":null,"b":"x\"y","c":null,"d":1.5,"e":null,"f":-7,"g":null,)"
                   R"("h":"2024-01-15T10:30:00.123Z","dyn":"v"})");
}

// ---- ids written as the seeds' systems print them (json_id.hpp) ----
namespace ordercast::core {
namespace {

static_assert(is_decimal_id("0") && is_decimal_id("7") && is_decimal_id("9007199254740991"));
static_assert(!is_decimal_id("") && !is_decimal_id("007") && !is_decimal_id("-1") && !is_decimal_id("1e3") &&
              !is_decimal_id("9007199254740992") && !is_decimal_id("12345678901234567"));

TEST(json_id, decimal_integers_are_numbers_and_other_ids_strings) {
    std::string out;
    json_writer w(out);
    w.begin_array();
    write_id(w, "123");
    write_id(w, "0123");
    write_id(w, "ORD-1");
    w.end_array();
    EXPECT_EQ(out, R"([123,"0123","ORD-1"])");
}

}  // namespace
}  // namespace ordercast::core

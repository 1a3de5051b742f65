#include "core/json_writer.hpp"

#include <gtest/gtest.h>

#include "core/clock.hpp"

using ordercast::core::json_writer;

TEST(json_writer, escapes_quotes_backslashes_and_control_characters) {
    std::string out;
    json_writer(out).string(std::string("a\"b\\c\n\x01", 7));
    EXPECT_EQ(out, R"("a\"b\\c\n\u0001")");
}

TEST(json_writer, separates_fields_and_nested_values_with_commas) {
    std::string out;
    json_writer w(out);
    w.begin_object().field("a", 1).key("b").begin_array().number(1).number(2).end_array()
        .key("c").begin_object().end_object().field("d", true).end_object();
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

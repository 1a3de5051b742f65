#pragma once
// Read-only JSON values for tests, parsed with simdjson's DOM API.
//
// A json_value owns (shares) the parser that holds its document, so values taken from a
// frame stay valid after the frame is dropped. Lookups use JSON pointers ("/data/code");
// a missing or mistyped member yields an empty optional or a value whose exists() is
// false, never an exception, so a test can write EXPECT_EQ(v.str("/type"), "pong").
#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordercast::test {

class json_value {
public:
    json_value() = default;

    // Parses `text`; the result's exists() is false when the text is not JSON.
    static json_value parse(std::string_view text);

    bool exists() const { return parser_ != nullptr; }
    bool is_object() const;
    bool is_array() const;
    bool is_string() const;
    bool is_number() const;
    bool is_null() const;

    // The value at a JSON pointer ("" is this value); exists() is false when absent.
    json_value at(std::string_view pointer) const;
    bool has(std::string_view pointer) const { return at(pointer).exists(); }

    std::optional<std::string> str(std::string_view pointer = "") const;
    std::optional<std::int64_t> i64(std::string_view pointer = "") const;
    std::optional<double> number(std::string_view pointer = "") const;
    std::optional<bool> boolean(std::string_view pointer = "") const;

    // Array elements (empty when not an array) and object keys (empty when not an object).
    std::vector<json_value> items(std::string_view pointer = "") const;
    std::vector<std::string> keys(std::string_view pointer = "") const;
    // The strings of an array of strings; non-strings are skipped.
    std::vector<std::string> strings(std::string_view pointer = "") const;

    // Minified text, for failure messages; "<missing>" when absent.
    std::string dump() const;

private:
    json_value(std::shared_ptr<simdjson::dom::parser> parser, simdjson::dom::element element)
        : parser_(std::move(parser)), element_(element) {}

    std::shared_ptr<simdjson::dom::parser> parser_;
    simdjson::dom::element element_;
};

// `s` as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);

// True when `s` looks like an ISO 8601 UTC timestamp with milliseconds
// ("2024-01-15T10:30:00.000Z"), the format the protocol promises for every timestamp.
bool is_iso8601_utc_ms(std::string_view s);

}  // namespace ordercast::test

#include "core/json_member_text.hpp"

#include <gtest/gtest.h>

namespace ordercast::core {
namespace {

std::string found(std::string_view text, std::string_view name) {
    auto member = find_member_text(text, name);
    return member ? std::string(*member) : std::string("<none>");
}

TEST(json_member_text, finds_a_value_as_written) {
    EXPECT_EQ(found(R"({"data":{"a":1}})", "data"), R"({"a":1})");
    EXPECT_EQ(found(" {\n \"type\" : \"x\" ,\t\"data\" : { \"a\" : [1, 2] } } ", "data"),
              R"({ "a" : [1, 2] })");
    EXPECT_EQ(found(R"({"channel":"c","data":[{"x":[]},{}],"critical":true})", "data"), R"([{"x":[]},{}])");
}

TEST(json_member_text, finds_scalars_up_to_what_follows_them) {
    EXPECT_EQ(found(R"({"data":-1.5e3,"b":2})", "data"), "-1.5e3");
    EXPECT_EQ(found(R"({"data":null})", "data"), "null");
    EXPECT_EQ(found(R"({"data":true })", "data"), "true");
    EXPECT_EQ(found(R"({"data":"a\"b"})", "data"), R"("a\"b")");
}

TEST(json_member_text, is_not_fooled_by_braces_quotes_and_keys_inside_strings_or_nested_objects) {
    EXPECT_EQ(found(R"({"type":"a}\"{\\","data":{"s":"}\\\"]["}})", "data"), R"({"s":"}\\\"]["})");
    EXPECT_EQ(found(R"({"x":{"data":1},"y":["data"],"data":2})", "data"), "2");
    EXPECT_EQ(found(R"({"note":"\"data\":3","data":4})", "data"), "4");
    // A quote after an even run of backslashes ends the string; after an odd run it is text.
    EXPECT_EQ(found(R"({"a":"\\","data":5})", "data"), "5");
    EXPECT_EQ(found(R"({"a":"\\\"data\":0","data":6})", "data"), "6");
    EXPECT_EQ(found(R"({"a":"\\\\","data":{"b":"\\"}})", "data"), R"({"b":"\\"})");
}

TEST(json_member_text, takes_the_first_of_repeated_members_as_a_parser_lookup_does) {
    EXPECT_EQ(found(R"({"data":1,"data":2})", "data"), "1");
}

TEST(json_member_text, answers_none_when_absent_or_when_only_a_decoder_could_tell) {
    EXPECT_EQ(found(R"({})", "data"), "<none>");
    EXPECT_EQ(found(R"({"type":"x"})", "data"), "<none>");
    EXPECT_EQ(found(R"({"dat":1,"datas":2})", "data"), "<none>");
    EXPECT_EQ(found(R"([{"data":1}])", "data"), "<none>");
    EXPECT_EQ(found("\xEF\xBB\xBF{\"data\":1}", "data"), "<none>");  // byte-order mark
    // "d\u0061ta" is "data": a parser would find it, so this must not answer "absent" or 2.
    EXPECT_EQ(found(R"({"d\u0061ta":1,"data":2})", "data"), "<none>");
    // An escaped key after the match does not matter.
    EXPECT_EQ(found(R"({"data":1,"d\u0061ta":2})", "data"), "1");
}

}  // namespace
}  // namespace ordercast::core

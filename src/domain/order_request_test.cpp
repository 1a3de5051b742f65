#include "domain/order_request.hpp"

#include <gtest/gtest.h>

namespace ordercast::domain {
namespace {

using core::error_code;

TEST(order_request, draft_reads_every_field) {
    auto d = parse_order_draft(R"({"number":"ORD-1","customerId":"c1","siteId":"s1","stationId":"k2",
        "assigneeId":"e1","priority":"high","items":[{"name":"tea","quantity":2}],"totalAmount":15.5,
        "currency":"EUR","progress":10,"stage":"prep","estimatedTime":12,
        "attributes":{"garmentType":"jacket","measurements":{"chest":100},"fabricRequiredCm":210.5},"note":"hot"})");
    ASSERT_TRUE(d) << d.error().message;
    EXPECT_EQ(d->number, "ORD-1");
    EXPECT_EQ(d->station_id, "k2");
    EXPECT_EQ(d->items, R"([{"name":"tea","quantity":2}])");
    EXPECT_EQ(d->total_amount, 15.5);
    EXPECT_EQ(d->estimated_minutes, 12);
    EXPECT_EQ(d->progress, 10);
    EXPECT_EQ(d->note, "hot");
    EXPECT_NE(d->attributes.find("fabricRequiredCm"), std::string::npos);
}

TEST(order_request, wrong_types_and_unknown_fields_are_400_bad_values_422) {
    auto code = [](std::string_view body) {
        auto d = parse_order_draft(body);
        return d ? error_code::internal_error : d.error().code;
    };
    EXPECT_EQ(code("not json"), error_code::invalid_message);
    EXPECT_EQ(code("[]"), error_code::invalid_message);
    EXPECT_EQ(code(R"({"items":{}})"), error_code::invalid_message);
    EXPECT_EQ(code(R"({"progress":"10"})"), error_code::invalid_message);
    EXPECT_EQ(code(R"({"colour":"red"})"), error_code::invalid_message);
    EXPECT_EQ(code(R"({"progress":101})"), error_code::invalid_value);
    EXPECT_EQ(code(R"({"priority":"asap"})"), error_code::invalid_value);
    EXPECT_EQ(code(R"({"siteId":"a b"})"), error_code::invalid_value);
    EXPECT_EQ(code(R"({"totalAmount":-1})"), error_code::invalid_value);
    EXPECT_EQ(code(R"({"attributes":{"fabricRequiredCm":"long"}})"), error_code::invalid_value);
    EXPECT_EQ(code(R"({"attributes":{"measurements":[1]}})"), error_code::invalid_value);
}

TEST(order_request, patch_null_clears_and_empty_patch_is_refused) {
    auto p = parse_order_patch(R"({"stationId":null,"assigneeId":"e2","estimatedTime":null,"version":3})");
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->station_id, std::string());
    EXPECT_EQ(p->assignee_id, "e2");
    EXPECT_TRUE(p->clear_estimated_minutes);
    EXPECT_EQ(p->expected_version, 3);
    auto empty = parse_order_patch(R"({"version":3})");
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, error_code::invalid_message);
}

TEST(order_request, note_needs_text) {
    EXPECT_EQ(*parse_note(R"({"text":"extra hot"})"), "extra hot");
    EXPECT_FALSE(parse_note(R"({})"));
    EXPECT_FALSE(parse_note(R"({"text":""})"));
    EXPECT_FALSE(parse_note(R"({"text":"a","x":1})"));
}

TEST(order_request, merge_replaces_adds_and_removes_keys) {
    EXPECT_EQ(merge_json_objects(R"({"a":1,"b":{"x":2},"c":"keep"})", R"({"a":5,"b":null,"d":[1]})"),
              R"({"c":"keep","a":5,"d":[1]})");
    EXPECT_EQ(merge_json_objects("{}", R"({"a":null})"), "{}");
}

}  // namespace
}  // namespace ordercast::domain

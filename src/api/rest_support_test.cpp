#include "api/rest_support.hpp"

#include <gtest/gtest.h>

namespace ordercast::api {
namespace {

TEST(rest_support, query_decodes_escapes_and_refuses_unknown_names) {
    response refusal;
    auto q = query_params::parse("site=cafe%201&status=ready&limit=5&x", {"site", "status", "limit", "x"},
                                 refusal);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->get("site"), "cafe 1");
    EXPECT_EQ(q->integer("limit", 50, refusal), 5);
    EXPECT_TRUE(q->has("x"));
    EXPECT_EQ(q->get("missing"), "");
    EXPECT_FALSE(query_params::parse("sight=s1", {"site"}, refusal));
    EXPECT_EQ(refusal.status, 400);
    EXPECT_NE(refusal.body.find("sight"), std::string::npos);
    EXPECT_FALSE(query_params::parse("site=%zz", {"site"}, refusal));
    EXPECT_FALSE(query_params::parse("site=%2", {"site"}, refusal));
}

TEST(rest_support, times_are_unix_ms_or_iso8601_utc) {
    EXPECT_EQ(parse_iso8601_utc("1970-01-01T00:00:01Z"), 1000);
    EXPECT_EQ(parse_iso8601_utc("2024-01-15T10:30:00.123Z"), 1705314600123);
    EXPECT_EQ(parse_iso8601_utc("2024-01-15T10:30:00.5Z"), 1705314600500);
    EXPECT_FALSE(parse_iso8601_utc("2024-02-30T10:30:00Z"));
    EXPECT_FALSE(parse_iso8601_utc("2024-01-15T10:30:00+01:00"));
    response refusal;
    auto q = query_params::parse("a=1705314600123&b=yesterday", {"a", "b"}, refusal);
    EXPECT_EQ(q->time("a", refusal), 1705314600123);
    EXPECT_FALSE(q->time("b", refusal));
    EXPECT_EQ(refusal.status, 400);
}

TEST(rest_support, if_match_accepts_etag_forms) {
    response refusal;
    EXPECT_EQ(parse_if_match("\"3\"", refusal), 3);
    EXPECT_EQ(parse_if_match("W/\"4\"", refusal), 4);
    EXPECT_EQ(parse_if_match("5", refusal), 5);
    EXPECT_FALSE(parse_if_match("*", refusal));
    EXPECT_EQ(refusal.status, 200);
    EXPECT_FALSE(parse_if_match("\"v3\"", refusal));
    EXPECT_EQ(refusal.status, 400);
}

TEST(rest_support, domain_errors_carry_details_and_503_says_when_to_retry) {
    auto r =
        domain_error_response({core::error_code::version_conflict, "changed", R"({"currentVersion":4})"});
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.body,
              R"({"error":{"code":"VERSION_CONFLICT","message":"changed","details":{"currentVersion":4}}})");
    auto busy = domain_error_response({core::error_code::service_unavailable, "retry", ""});
    EXPECT_EQ(busy.status, 503);
    ASSERT_EQ(busy.headers.size(), 1u);
    EXPECT_EQ(busy.headers[0].first, "Retry-After");
}

TEST(rest_support, idempotency_keys_are_visible_ascii) {
    response refusal;
    EXPECT_TRUE(valid_idempotency_key("2f1c-abc", refusal));
    EXPECT_FALSE(valid_idempotency_key("has space", refusal));
    EXPECT_FALSE(valid_idempotency_key(std::string(256, 'a'), refusal));
}

}  // namespace
}  // namespace ordercast::api

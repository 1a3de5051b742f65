#include "domain/operations/operation_request.hpp"

#include <gtest/gtest.h>

namespace ordercast::domain::operations {
namespace {

TEST(operation_request, a_draft_needs_a_kind_and_keeps_its_steps) {
    auto d = parse_operation_draft(R"({"kind":"schedule","site":"s1","steps":["loading","planning"]})");
    ASSERT_TRUE(d) << d.error().message;
    EXPECT_EQ(d->kind, "schedule");
    EXPECT_EQ(d->site_id, "s1");
    EXPECT_EQ(d->steps, R"(["loading","planning"])");
    EXPECT_FALSE(parse_operation_draft(R"({"site":"s1"})"));
    EXPECT_FALSE(parse_operation_draft(R"({"kind":"x","colour":"red"})"));
    EXPECT_FALSE(parse_operation_draft(R"({"kind":"x","site":"no spaces"})"));
}

TEST(operation_request, progress_is_0_to_100_and_messages_are_capped) {
    auto r = parse_progress_report(R"({"step":"loading","progress":10,"message":"Loading..."})", 100);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->progress, 10);
    EXPECT_EQ(*r->step, "loading");
    auto over = parse_progress_report(R"({"progress":101})", 100);
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, core::error_code::invalid_value);
    auto large = parse_progress_report(R"({"progress":5,"message":")" + std::string(101, 'x') + "\"}", 100);
    ASSERT_FALSE(large);
    EXPECT_EQ(large.error().code, core::error_code::message_too_large);
    EXPECT_FALSE(parse_progress_report(R"({"step":"x"})", 100));
}

TEST(operation_request, failures_carry_a_known_code) {
    auto f = parse_failure(
        R"({"error":{"code":"VALIDATION_ERROR","details":"Lot 'LOT-001' has invalid fill_hours: -5"}})",
        1000);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->code, "VALIDATION_ERROR");
    EXPECT_EQ(f->details, "Lot 'LOT-001' has invalid fill_hours: -5");
    auto unknown = parse_failure(R"({"error":{"code":"OOPS"}})", 1000);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, core::error_code::invalid_value);
    auto big = parse_completion(R"({"result":{"kpis":")" + std::string(2000, 'k') + "\"}}", 1000);
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().code, core::error_code::message_too_large);
}

}  // namespace
}  // namespace ordercast::domain::operations

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

TEST(operation_request, a_draft_may_bring_its_own_id_and_a_put_takes_the_paths) {
    EXPECT_EQ(parse_operation_draft(R"({"id":123,"kind":"schedule"})")->id, "123");
    EXPECT_EQ(parse_operation_draft(R"({"id":"night-run","kind":"schedule"})")->id, "night-run");
    EXPECT_EQ(parse_operation_draft(R"({"kind":"schedule"})")->id, "");
    EXPECT_FALSE(parse_operation_draft(R"({"id":-1,"kind":"schedule"})"));
    EXPECT_FALSE(parse_operation_draft(R"({"id":"a:b","kind":"schedule"})"));
    EXPECT_EQ(parse_operation_put("123", R"({"kind":"schedule"})")->id, "123");
    EXPECT_EQ(parse_operation_put("123", R"({"id":123,"kind":"schedule"})")->id, "123");
    EXPECT_FALSE(parse_operation_put("123", R"({"id":124,"kind":"schedule"})"));
    EXPECT_FALSE(parse_operation_put("a b", R"({"kind":"schedule"})"));
}

TEST(operation_request, step_counts_give_the_percentage_rounded_down_and_must_agree_with_one_sent) {
    auto r = parse_progress_report(R"({"currentStep":2,"totalSteps":5})", 100);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(*progress_of(*r, 0), 40);
    auto third = parse_progress_report(R"({"currentStep":1,"totalSteps":3})", 100);
    EXPECT_EQ(*progress_of(*third, 0), 33);
    EXPECT_TRUE(parse_progress_report(R"({"progress":34,"currentStep":1,"totalSteps":3})", 100));
    EXPECT_TRUE(parse_progress_report(R"({"progress":33,"currentStep":1,"totalSteps":3})", 100));
    auto far = parse_progress_report(R"({"progress":35,"currentStep":1,"totalSteps":3})", 100);
    ASSERT_FALSE(far);
    EXPECT_EQ(far.error().code, core::error_code::invalid_value);
    EXPECT_FALSE(parse_progress_report(R"({"currentStep":4,"totalSteps":3})", 100));
    EXPECT_EQ(parse_progress_report(R"({"totalSteps":3})", 100).error().code,
              core::error_code::invalid_message);
    // Without totalSteps, the steps announced count; none announced is refused.
    auto announced = parse_progress_report(R"({"currentStep":3})", 100);
    ASSERT_TRUE(announced);
    EXPECT_EQ(*progress_of(*announced, 4), 75);
    EXPECT_FALSE(progress_of(*announced, 0));
    EXPECT_FALSE(progress_of(*announced, 2));  // step 3 of 2
    EXPECT_EQ(count_steps(R"(["a","b","c"])"), 3u);
    EXPECT_EQ(count_steps("[]"), 0u);
    EXPECT_EQ(count_steps("not json"), 0u);
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

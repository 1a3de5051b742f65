#include "domain/alerts/alert_rules.hpp"

#include <gtest/gtest.h>

namespace ordercast::domain::alerts {
namespace {

site_figures quiet_site(std::string id) {
    site_figures s;
    s.site_id = std::move(id);
    s.queue_backlog = 2;
    s.average_wait_minutes = 3.0;
    s.utilization_percent = 90.0;
    return s;
}

std::vector<std::string> keys(const std::vector<std::pair<std::string, alert_draft>>& firing) {
    std::vector<std::string> out;
    for (const auto& f : firing) out.push_back(f.first);
    return out;
}

TEST(alert_rules, a_site_within_every_threshold_fires_nothing) {
    alerts_config c;
    EXPECT_TRUE(firing_rules({quiet_site("s1")}, c).empty());
}

TEST(alert_rules, each_rule_fires_on_its_own_figure_with_one_key_per_site) {
    alerts_config c;
    auto backlog = quiet_site("a");
    backlog.queue_backlog = c.queue_backlog_threshold + 1;
    auto waiting = quiet_site("b");
    waiting.average_wait_minutes = c.average_wait_threshold_s / 60.0 + 2.5;
    auto wasteful = quiet_site("c");
    wasteful.utilization_percent = c.utilization_threshold_percent - 1.0;
    auto timing_out = quiet_site("d");
    timing_out.timed_out_operations = c.operation_timeouts_threshold;
    auto firing = firing_rules({backlog, waiting, wasteful, timing_out}, c);
    EXPECT_EQ(keys(firing), (std::vector<std::string>{"average_wait:b", "low_utilization:c",
                                                      "operation_timeouts:d", "queue_backlog:a"}));
    const auto& wait = firing[0].second;
    EXPECT_EQ(wait.site_id, "b");
    EXPECT_EQ(wait.category, "queue_length");
    EXPECT_NE(wait.message.find("exceeding 10.0 minutes average wait time"), std::string::npos)
        << wait.message;
    EXPECT_NE(wait.details.find(R"("threshold":10)"), std::string::npos) << wait.details;
    EXPECT_NE(wait.suggested_actions.find("Assign additional staff"), std::string::npos);
}

TEST(alert_rules, thresholds_are_strict_except_operation_timeouts) {
    alerts_config c;
    auto s = quiet_site("s");
    s.queue_backlog = c.queue_backlog_threshold;
    s.average_wait_minutes = c.average_wait_threshold_s / 60.0;
    s.utilization_percent = c.utilization_threshold_percent;
    EXPECT_TRUE(firing_rules({s}, c).empty());
}

TEST(alert_rules, unknown_figures_and_disabled_rules_do_not_fire) {
    alerts_config c;
    auto s = quiet_site("s");
    s.average_wait_minutes.reset();
    s.utilization_percent.reset();
    s.queue_backlog = 1000;
    c.rules = {"average_wait", "low_utilization"};
    EXPECT_TRUE(firing_rules({s}, c).empty());
}

TEST(alert_rules, an_unknown_rule_name_is_a_configuration_error) {
    alerts_config c;
    c.rules = {"queue_backlog", "full_moon"};
    EXPECT_THROW(check_rule_names(c), core::config_error);
    c.rules = known_rules();
    EXPECT_NO_THROW(check_rule_names(c));
}

TEST(site_figures, utilization_is_read_as_a_fraction_or_a_percent) {
    EXPECT_DOUBLE_EQ(*utilization_percent(R"({"utilization":0.87})"), 87.0);
    EXPECT_DOUBLE_EQ(*utilization_percent(R"({"fabricUtilization":64})"), 64.0);
    EXPECT_FALSE(utilization_percent(R"({"utilization":"high"})"));
    EXPECT_FALSE(utilization_percent(R"({"utilization":140})"));
    EXPECT_FALSE(utilization_percent(R"({})"));
}

TEST(alert_draft, extra_fields_are_kept_and_required_ones_checked) {
    auto d = parse_alert_draft(
        R"({"severity":"warning","category":"queue_length","message":"slow","site":"s1","counterId":"k1","suggestedActions":["a"]})");
    ASSERT_TRUE(d) << d.error().message;
    EXPECT_EQ(d->details, R"({"counterId":"k1"})");
    EXPECT_EQ(d->suggested_actions, R"(["a"])");
    EXPECT_FALSE(parse_alert_draft(R"({"severity":"warning","category":"x","message":"m"})"));
    auto bad = parse_alert_draft(R"({"severity":"loud","category":"x","message":"m","site":"s1"})");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, core::error_code::invalid_value);
}

}  // namespace
}  // namespace ordercast::domain::alerts

#include "domain/queue/queue_settings.hpp"

#include <gtest/gtest.h>

namespace ordercast::domain::queue {
namespace {

TEST(queue_settings, aging_credit_and_tier_bonuses_are_parsed) {
    queue_config cfg;
    cfg.aging_credit_per_minute = "60";
    cfg.tier_bonuses = {"vip:1.5", "gold:0.5"};
    auto s = queue_settings::from(cfg, orders_config{}, "data");
    EXPECT_DOUBLE_EQ(s.aging_per_ms, 0.001);
    EXPECT_DOUBLE_EQ(s.tier_bonus("vip"), 1.5);
    EXPECT_DOUBLE_EQ(s.tier_bonus("none"), 0.0);
}

TEST(queue_settings, bad_values_are_refused_naming_the_key) {
    queue_config cfg;
    cfg.aging_credit_per_minute = "fast";
    try {
        (void)queue_settings::from(cfg, orders_config{}, "data");
        FAIL() << "accepted a non-number";
    } catch (const core::config_error& e) {
        EXPECT_NE(std::string(e.what()).find("queue.aging_credit_per_minute"), std::string::npos);
    }
    cfg = {};
    cfg.tier_bonuses = {"vip"};
    EXPECT_THROW((void)queue_settings::from(cfg, orders_config{}, "data"), core::config_error);
    cfg = {};
    cfg.order_status_on_complete = "shipped";
    EXPECT_THROW((void)queue_settings::from(cfg, orders_config{}, "data"), core::config_error);
}

TEST(queue_settings, backoff_doubles_per_retry_and_is_capped) {
    queue_config cfg;
    cfg.retry_backoff_ms = 1000;
    auto s = queue_settings::from(cfg, orders_config{}, "data");
    EXPECT_EQ(s.backoff_ms(1), 1000);
    EXPECT_EQ(s.backoff_ms(2), 2000);
    EXPECT_EQ(s.backoff_ms(3), 4000);
    EXPECT_EQ(s.backoff_ms(100), 86400000);
    EXPECT_TRUE(s.is_transient("CUTTER_OFFLINE"));
    EXPECT_FALSE(s.is_transient("BAD_FILE"));
    EXPECT_FALSE(s.is_transient(""));
}

}  // namespace
}  // namespace ordercast::domain::queue

#pragma once
// The `alerts` section of the configuration: which built-in rules run, how often, and their
// thresholds (docs/alerts.md). check_rule_names (alert_rules.hpp) refuses an unknown rule.
#include <string>
#include <vector>

#include "core/config_schema.hpp"

namespace ordercast::domain::alerts {

struct alerts_config {
    int evaluation_interval_ms = 30000;
    std::vector<std::string> rules = {"queue_backlog", "average_wait", "low_utilization",
                                      "operation_timeouts"};
    int queue_backlog_threshold = 20;        // open jobs/orders of a site above this
    int average_wait_threshold_s = 600;      // restaurants alert past a 10-minute average wait
    int utilization_threshold_percent = 75;  // fabric utilization below this
    int utilization_window_s = 3600;         // orders updated this recently count for utilization
    int operation_timeouts_threshold = 1;    // timed-out operations of a site within the window
    int operation_timeouts_window_s = 3600;
};

inline constexpr core::setting k_alerts_keys[] = {
    core::key<&alerts_config::evaluation_interval_ms>("evaluation_interval_ms", 10, 86400000,
                                                      "How often the alert rules are evaluated."),
    core::key<&alerts_config::rules>(
        "rules", "Enabled built-in rules: queue_backlog, average_wait, low_utilization, operation_timeouts."),
    core::key<&alerts_config::queue_backlog_threshold>(
        "queue_backlog_threshold", 0, 100000000,
        "queue_backlog: raise when a site has more QUEUED jobs than this."),
    core::key<&alerts_config::average_wait_threshold_s>(
        "average_wait_threshold_s", 0, 604800,
        "average_wait: raise when a site's open orders have waited longer than this on average."),
    core::key<&alerts_config::utilization_threshold_percent>(
        "utilization_threshold_percent", 0, 100,
        "low_utilization: raise when a site's average fabric utilization is below this."),
    core::key<&alerts_config::utilization_window_s>(
        "utilization_window_s", 1, 31536000, "low_utilization: orders updated within this window count."),
    core::key<&alerts_config::operation_timeouts_threshold>(
        "operation_timeouts_threshold", 1, 100000000,
        "operation_timeouts: raise when at least this many of a site's operations timed out within the "
        "window."),
    core::key<&alerts_config::operation_timeouts_window_s>("operation_timeouts_window_s", 1, 31536000,
                                                           "operation_timeouts: the window."),
};
inline constexpr core::config_section k_alerts_section{"alerts", k_alerts_keys};

}  // namespace ordercast::domain::alerts

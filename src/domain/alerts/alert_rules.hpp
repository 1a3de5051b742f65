#pragma once
// The built-in alert rules, as data (alert_rules.cpp, k_rules): each reads one figure of a
// site, compares it with a configured threshold, and while the comparison holds keeps ONE
// alert "<rule>:<site>" unresolved; when it stops holding (or the site has no figures any
// more) the alert is resolved by "rule:<rule>". Enabled rules and thresholds come from
// alerts.* in the configuration.
//
//   queue_backlog       backlog > alerts.queue_backlog_threshold
//   average_wait        average wait > alerts.average_wait_threshold_s (the restaurant's alert)
//   low_utilization     fabric utilization < alerts.utilization_threshold_percent (the factory's alert)
//   operation_timeouts  timed-out operations >= alerts.operation_timeouts_threshold
//
// Threads: evaluate() from one thread at a time (the rules timer).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "domain/alerts/alert_service.hpp"
#include "domain/alerts/alert_settings.hpp"
#include "domain/alerts/site_figures.hpp"

namespace ordercast::domain::alerts {

// The rule names this build knows.
std::vector<std::string> known_rules();
// Throws core::config_error naming a rule in alerts.rules that this build does not know.
void check_rule_names(const alerts_config& config);

// Which enabled rules fire for `figures`: (rule key, the alert to raise), sorted by key.
// Pure; the heart of evaluate(), tested on its own.
std::vector<std::pair<std::string, alert_draft>> firing_rules(const std::vector<site_figures>& figures,
                                                              const alerts_config& config);

class alert_rules {
public:
    // All must outlive this. Throws core::config_error naming an unknown rule in
    // alerts.rules.
    alert_rules(alert_service& alerts, site_figures_source& figures, const alerts_config& config);

    // Collects the figures and raises / resolves rule alerts. Returns the number raised;
    // logs and swallows store failures (the next evaluation tries again).
    int evaluate(std::int64_t now_ms) noexcept;

private:
    alert_service& alerts_;
    site_figures_source& figures_;
    const alerts_config& config_;
};

}  // namespace ordercast::domain::alerts

#include "domain/alerts/alert_rules.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/json_writer.hpp"

namespace ordercast::domain::alerts {
namespace {

enum class fires_when { above, at_least, below };

struct rule {
    std::string_view name;
    std::string_view category;
    std::string_view severity;
    std::optional<double> (*measure)(const site_figures&);  // nullopt: unknown, the rule does not fire
    double (*threshold)(const alerts_config&);
    fires_when when;
    std::string_view unit;     // of the measure, for the message
    std::string_view message;  // fmt: {0} site, {1} value, {2} threshold, {3} unit
    std::string_view actions[3];
};

const rule k_rules[] = {
    {"queue_backlog",
     "queue_length",
     "warning",
     [](const site_figures& s) -> std::optional<double> { return static_cast<double>(s.queue_backlog); },
     [](const alerts_config& c) { return static_cast<double>(c.queue_backlog_threshold); },
     fires_when::above,
     "jobs",
     "Site {0} has {1:.0f} {3} waiting, over the threshold of {2:.0f}",
     {"Assign additional staff", "Activate a backup station", "Notify customers of delay"}},
    {"average_wait",
     "queue_length",
     "warning",
     [](const site_figures& s) { return s.average_wait_minutes; },
     [](const alerts_config& c) { return c.average_wait_threshold_s / 60.0; },
     fires_when::above,
     "minutes",
     "Site {0} queue exceeding {2:.1f} {3} average wait time ({1:.1f} {3})",
     {"Assign additional staff", "Activate backup counter", "Notify customers of delay"}},
    {"low_utilization",
     "utilization",
     "warning",
     [](const site_figures& s) { return s.utilization_percent; },
     [](const alerts_config& c) { return static_cast<double>(c.utilization_threshold_percent); },
     fires_when::below,
     "%",
     "Low fabric utilization detected at site {0}: {1:.1f}{3}, under {2:.0f}{3}",
     {"Review the nesting of recent jobs", "Combine small orders into one marker",
      "Check the fabric width setting"}},
    {"operation_timeouts",
     "operations",
     "critical",
     [](const site_figures& s) -> std::optional<double> {
         return static_cast<double>(s.timed_out_operations);
     },
     [](const alerts_config& c) { return static_cast<double>(c.operation_timeouts_threshold); },
     fires_when::at_least,
     "operations",
     "{1:.0f} {3} of site {0} timed out recently (threshold {2:.0f})",
     {"Check that the workers are running", "Look at the worker logs", "Retry the failed operations"}},
};

bool compare(double value, double threshold, fires_when when) {
    switch (when) {
        case fires_when::above:
            return value > threshold;
        case fires_when::at_least:
            return value >= threshold;
        case fires_when::below:
            return value < threshold;
    }
    return false;
}

bool enabled(const alerts_config& c, std::string_view name) {
    return std::find(c.rules.begin(), c.rules.end(), name) != c.rules.end();
}

double rounded(double v) {
    return std::round(v * 10.0) / 10.0;
}

}  // namespace

std::vector<std::string> known_rules() {
    std::vector<std::string> out;
    for (const auto& r : k_rules) out.emplace_back(r.name);
    return out;
}

std::vector<std::pair<std::string, alert_draft>> firing_rules(const std::vector<site_figures>& figures,
                                                              const alerts_config& config) {
    std::vector<std::pair<std::string, alert_draft>> out;
    for (const auto& r : k_rules) {
        if (!enabled(config, r.name)) continue;
        const double threshold = r.threshold(config);
        for (const auto& site : figures) {
            auto value = r.measure(site);
            if (!value || !compare(*value, threshold, r.when)) continue;
            alert_draft d;
            d.severity = r.severity;
            d.category = r.category;
            d.site_id = site.site_id;
            d.message = fmt::format(fmt::runtime(r.message), site.site_id, *value, threshold, r.unit);
            d.details.clear();
            core::json_writer w(d.details);
            w.begin_object().field("currentValue", rounded(*value)).field("threshold", rounded(threshold));
            w.field("unit", r.unit).end_object();
            d.suggested_actions.clear();
            core::json_writer a(d.suggested_actions);
            a.begin_array();
            for (auto action : r.actions) a.string(action);
            a.end_array();
            out.emplace_back(fmt::format("{}:{}", r.name, site.site_id), std::move(d));
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
}

alert_rules::alert_rules(alert_service& alerts, site_figures_source& figures, const alerts_config& config)
    : alerts_(alerts), figures_(figures), config_(config) {
    check_rule_names(config);
}

void check_rule_names(const alerts_config& config) {
    for (const auto& name : config.rules)
        if (std::none_of(std::begin(k_rules), std::end(k_rules),
                         [&](const rule& r) { return r.name == name; }))
            throw core::config_error(fmt::format("alerts.rules: unknown rule '{}'; the rules are {}", name,
                                                 fmt::join(known_rules(), ", ")));
}

int alert_rules::evaluate(std::int64_t now_ms) noexcept {
    spdlog::debug("alerts: evaluating the rules");
    try {
        auto firing = firing_rules(figures_.collect(now_ms), config_);
        int raised = 0;
        std::vector<std::string> keys;
        keys.reserve(firing.size());
        for (auto& [key, draft] : firing) {
            if (alerts_.raise_for_rule(key, draft)) ++raised;
            keys.push_back(key);
        }
        const int resolved = alerts_.resolve_rule_alerts_except(keys);
        if (raised != 0 || resolved != 0)
            spdlog::info("alerts: rules raised {}, resolved {}", raised, resolved);
        return raised;
    } catch (const std::exception& e) {
        spdlog::error("alerts: evaluating the rules failed: {}", e.what());
        return 0;
    }
}

}  // namespace ordercast::domain::alerts

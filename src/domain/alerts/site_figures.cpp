#include "domain/alerts/site_figures.hpp"

#include <simdjson.h>

#include <algorithm>
#include <map>

#include "store/store.hpp"

namespace ordercast::domain::alerts {
namespace {

constexpr int k_utilization_rows = 1000;

}  // namespace

std::optional<double> utilization_percent(std::string_view attributes_json) {
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(attributes_json.data(), attributes_json.size(), true).get(root) != simdjson::SUCCESS)
        return std::nullopt;
    // utilizationPercent is the orders API's typed attribute (a percent, docs/rest.md); the
    // other two are what the factory's records carry (a fraction 0-1 or a percent).
    for (const char* key : {"utilizationPercent", "utilization", "fabricUtilization"}) {
        double v = 0;
        if (root[key].get_double().get(v) != simdjson::SUCCESS) {
            std::int64_t i = 0;
            if (root[key].get_int64().get(i) != simdjson::SUCCESS) continue;
            v = static_cast<double>(i);
        }
        if (v < 0 || v > 100) return std::nullopt;
        if (key == std::string_view("utilizationPercent")) return v;
        return v <= 1.0 ? v * 100.0 : v;
    }
    return std::nullopt;
}

std::vector<site_figures> store_site_figures::collect(std::int64_t now_ms) {
    auto uow = store_.begin(store::tx_mode::read);
    std::map<std::string, site_figures> sites;
    auto site = [&](const std::string& id) -> site_figures& {
        auto& s = sites[id];
        s.site_id = id;
        return s;
    };
    const auto& terminal = orders_.terminal_statuses;

    // Open orders: how long they have waited on average (the restaurant's "average wait time").
    std::map<std::string, std::pair<double, std::int64_t>>
        order_wait;  // site -> (waited minutes, open orders)
    for (const auto& g : uow->figures().order_groups({})) {
        if (g.site_id.empty()) continue;
        site(g.site_id);  // a site with only finished orders still has metrics
        if (std::find(terminal.begin(), terminal.end(), g.status) != terminal.end()) continue;
        auto& w = order_wait[g.site_id];
        w.first +=
            static_cast<double>(g.count) * (static_cast<double>(now_ms) - g.average_created_at_ms) / 60000.0;
        w.second += g.count;
    }
    for (auto& [id, w] : order_wait)
        if (w.second > 0)
            site(id).average_wait_minutes = std::max(0.0, w.first / static_cast<double>(w.second));

    // The job queue: QUEUED jobs are the backlog, per station the queue length and its wait.
    for (const auto& b : uow->jobs().backlogs({})) {
        if (b.site_id.empty() || b.count <= 0) continue;
        auto& s = site(b.site_id);
        s.queue_backlog += b.count;
        const double waited = (static_cast<double>(b.count) * static_cast<double>(now_ms) -
                               static_cast<double>(b.queued_at_sum_ms)) /
                              60000.0;
        s.stations.push_back({b.station_id, b.count, std::max(0.0, waited / static_cast<double>(b.count))});
    }
    for (auto& [id, s] : sites)
        std::sort(
            s.stations.begin(), s.stations.end(),
            [](const station_figures& a, const station_figures& b) { return a.station_id < b.station_id; });

    // Fabric utilization reported by recently updated orders.
    std::map<std::string, std::pair<double, int>> util;
    const std::int64_t util_since = now_ms - std::int64_t{alerts_.utilization_window_s} * 1000;
    for (const auto& [site_id, attributes] :
         uow->figures().order_attributes_mentioning("utilization", util_since, k_utilization_rows))
        if (auto p = utilization_percent(attributes)) {
            util[site_id].first += *p;
            ++util[site_id].second;
        }
    for (auto& [id, u] : util) site(id).utilization_percent = u.first / u.second;

    // Operations that timed out recently.
    const std::int64_t timeouts_since = now_ms - std::int64_t{alerts_.operation_timeouts_window_s} * 1000;
    for (const auto& [site_id, n] : uow->operations().count_failed_by_site("TIMEOUT_ERROR", timeouts_since))
        site(site_id).timed_out_operations = n;

    std::vector<site_figures> out;
    out.reserve(sites.size());
    for (auto& [id, s] : sites) out.push_back(std::move(s));
    return out;
}

}  // namespace ordercast::domain::alerts

#include "domain/streams/status_streams.hpp"

#include <simdjson.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "core/json_writer.hpp"
#include "core/metrics.hpp"
#include "store/store.hpp"

namespace ordercast::domain::streams {
namespace {

constexpr std::string_view k_status_channel = "system:status";
constexpr int k_items_rows = 2000;
constexpr std::size_t k_top_items = 5;

double rounded(double v) {
    return static_cast<double>(static_cast<std::int64_t>(v * 10.0 + 0.5)) / 10.0;
}

// name -> quantity over the items arrays ([{name, quantity?}]), the `k_top_items` largest.
std::vector<std::pair<std::string, std::int64_t>> top_items(const std::vector<std::string>& items_json) {
    thread_local simdjson::dom::parser parser;
    std::map<std::string, std::int64_t> counts;
    for (const auto& text : items_json) {
        simdjson::dom::array items;
        if (parser.parse(text).get_array().get(items) != simdjson::SUCCESS) continue;
        for (auto item : items) {
            std::string_view name;
            if (item["name"].get_string().get(name) != simdjson::SUCCESS) continue;
            std::int64_t quantity = 1;
            if (item["quantity"].get_int64().get(quantity) != simdjson::SUCCESS || quantity < 1) quantity = 1;
            counts[std::string(name)] += quantity;
        }
    }
    std::vector<std::pair<std::string, std::int64_t>> out(counts.begin(), counts.end());
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (out.size() > k_top_items) out.resize(k_top_items);
    return out;
}

}  // namespace

bool status_streams::publish_system_status() noexcept {
    try {
        if (!events_.has_subscribers(k_status_channel)) return false;
        // apiLatencyMs: how long the store took to answer this status query, the same read
        // path every API request takes.
        const std::int64_t started = core::mono_ns();
        std::optional<std::int64_t> active;
        try {
            std::int64_t n = 0;
            const auto& finished = orders_.terminal_statuses;
            for (const auto& g : store_.begin(store::tx_mode::read)->figures().order_groups({}))
                if (std::find(finished.begin(), finished.end(), g.status) == finished.end()) n += g.count;
            active = n;
        } catch (const std::exception& e) {
            spdlog::warn("streams: system_status could not read the store: {}", e.what());
        }
        const double latency_ms = static_cast<double>(core::mono_ns() - started) / 1e6;
        std::string data;
        core::json_writer w(data);
        w.begin_object()
            .field("status", active ? "healthy" : "degraded")
            .field_or_null("activeOrders", active);
        w.field("apiLatencyMs", rounded(latency_ms));
        w.field("connections", static_cast<std::int64_t>(core::global_metrics().connections_current.load()));
        w.end_object();
        events_.publish({std::string(k_status_channel), "system_status", std::move(data), false});
        return true;
    } catch (const std::exception& e) {
        spdlog::error("streams: system_status failed: {}", e.what());
        return false;
    }
}

int status_streams::publish_site_metrics(std::int64_t now_ms) noexcept {
    try {
        // The figures are read for every site at once; an idle node (no subscription at
        // all) skips even that. Sites without a subscriber are skipped below.
        if (!events_.has_any_subscriber()) return 0;
        int published = 0;
        for (const auto& site : figures_.collect(now_ms)) {
            std::string channel = fmt::format("site:{}:metrics", site.site_id);
            if (!events_.has_subscribers(channel)) continue;
            events_.publish({std::move(channel), "metrics_update", site_metrics(site, now_ms), false});
            ++published;
        }
        return published;
    } catch (const std::exception& e) {
        spdlog::error("streams: metrics_update failed: {}", e.what());
        return 0;
    }
}

std::string status_streams::site_metrics(const alerts::site_figures& site, std::int64_t now_ms) {
    const std::int64_t hour_start = now_ms - now_ms % 3600000;
    auto uow = store_.begin(store::tx_mode::read);
    const std::int64_t received = uow->figures().orders_created_since(site.site_id, hour_start);
    const std::int64_t completed = uow->figures().orders_completed_since(site.site_id, hour_start);
    const auto items = top_items(uow->figures().order_items_since(site.site_id, hour_start, k_items_rows));
    std::string data;
    core::json_writer w(data);
    w.begin_object().field("site", site.site_id).field("period", "current_hour");
    w.key("metrics").begin_object().field("ordersReceived", received).field("ordersCompleted", completed);
    w.field("queueBacklog", site.queue_backlog);
    w.field("averageWaitTime", rounded(site.average_wait_minutes.value_or(0.0)));
    // The successful payments of the hour (POST /api/v1/orders/{id}/payments).
    w.field("revenue", uow->payments().revenue_since(site.site_id, hour_start));
    if (site.utilization_percent) w.field("utilizationPercent", rounded(*site.utilization_percent));
    w.key("topItems").begin_array();
    for (const auto& [name, count] : items)
        w.begin_object().field("name", name).field("count", count).end_object();
    w.end_array().end_object();
    w.key("stations").begin_array();
    for (const auto& st : site.stations)
        w.begin_object()
            .field("stationId", st.station_id)
            .field("queueLength", st.queue_length)
            .field("averageWaitTime", rounded(st.average_wait_minutes))
            .end_object();
    w.end_array().end_object();
    return data;
}

}  // namespace ordercast::domain::streams

#pragma once
// The figures the alert rules and the metrics stream read per site, behind one small
// interface so that each can come from whichever module owns it.
//
// store_site_figures reads them in one read transaction: the job queue (QUEUED jobs as the
// backlog, per station their count and wait), orders (the average wait of open orders,
// fabric utilization from order attributes) and operations (timeouts).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/alerts/alert_settings.hpp"
#include "domain/order_settings.hpp"

namespace ordercast::store {
class store;
}

namespace ordercast::domain::alerts {

struct station_figures {
    std::string station_id;
    std::int64_t queue_length = 0;  // QUEUED jobs at the station ("" : any station)
    double average_wait_minutes = 0;
};

struct site_figures {
    std::string site_id;
    std::int64_t queue_backlog = 0;              // QUEUED jobs of the site
    std::vector<station_figures> stations;       // stations with open work, by id
    std::optional<double> average_wait_minutes;  // of open orders; nullopt when there are none
    std::optional<double> utilization_percent;   // fabric; nullopt when no order reports it
    std::int64_t timed_out_operations = 0;       // within alerts.operation_timeouts_window_s
};

class site_figures_source {
public:
    virtual ~site_figures_source() = default;
    // Every site with any figure, sorted by id. Any thread; blocks for the reads. Throws
    // store_error.
    virtual std::vector<site_figures> collect(std::int64_t now_ms) = 0;
};

class store_site_figures final : public site_figures_source {
public:
    // All must outlive this. `orders` names the terminal statuses (not open).
    store_site_figures(store::store& store, const orders_config& orders, const alerts_config& alerts)
        : store_(store), orders_(orders), alerts_(alerts) {}
    std::vector<site_figures> collect(std::int64_t now_ms) override;

private:
    store::store& store_;
    const orders_config& orders_;
    const alerts_config& alerts_;
};

// The utilization an order's attributes report, as a percent: `utilizationPercent` (a percent),
// or `utilization` / `fabricUtilization`, a fraction (0-1) or a percent (1-100). nullopt when
// absent or invalid.
std::optional<double> utilization_percent(std::string_view attributes_json);

}  // namespace ordercast::domain::alerts

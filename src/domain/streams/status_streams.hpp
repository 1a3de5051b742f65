#pragma once
// The periodic streams (the factory dashboard's system status, the restaurant's live metrics):
//   system_status  {status, activeOrders, apiLatencyMs, connections} on system:status
//   metrics_update {period, metrics{ordersReceived, ordersCompleted, averageWaitTime,
//                  topItems[{name, count}]}, stations[{stationId, queueLength,
//                  averageWaitTime}]} on site:{site}:metrics
// Each publish is skipped when its channel has no subscriber, so an idle server reads
// nothing. Times are minutes; "current_hour" is the clock hour (UTC) so far.
//
// Threads: publish_* from one thread at a time (their timers); they block for a few reads.
#include <cstdint>
#include <string>

#include "domain/alerts/site_figures.hpp"
#include "domain/event_sink.hpp"

namespace ordercast::store {
class store;
}

namespace ordercast::domain::streams {

class status_streams {
public:
    // All must outlive this. `orders` says which statuses are finished (not active).
    status_streams(store::store& store, event_sink& events, alerts::site_figures_source& figures,
                   const orders_config& orders)
        : store_(store), events_(events), figures_(figures), orders_(orders) {}

    // Returns whether it published. `status` is "healthy", or "degraded" when the store
    // did not answer (activeOrders is then null).
    bool publish_system_status() noexcept;
    // Returns the number of sites it published to.
    int publish_site_metrics(std::int64_t now_ms) noexcept;

private:
    std::string site_metrics(const alerts::site_figures& site, std::int64_t now_ms);

    store::store& store_;
    event_sink& events_;
    alerts::site_figures_source& figures_;
    const orders_config& orders_;
};

}  // namespace ordercast::domain::streams

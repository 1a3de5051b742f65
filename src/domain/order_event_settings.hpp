#pragma once
// hub.critical_types: the events sent with requiresAck and redelivered until acknowledged. The
// key is in the hub's section, since the hub marks and redelivers them, but which events are
// critical is the domain's business: they are its events (order_events.hpp) and the payment
// events its backends publish.
#include <string>
#include <vector>

#include "core/config_schema.hpp"

namespace ordercast::domain {

struct critical_events_config {
    std::vector<std::string> critical_types = {"order_status_changed", "order_ready",       "order_completed",
                                               "order_cancelled",      "payment_processed", "payment_failed"};
};

inline constexpr core::setting k_critical_events_keys[] = {
    core::key<&critical_events_config::critical_types>(
        "critical_types", "Event types sent with requiresAck and redelivered until acknowledged."),
};
// Listed after core's own `hub` keys.
inline constexpr core::config_section k_critical_events_section{"hub", k_critical_events_keys};

}  // namespace ordercast::domain

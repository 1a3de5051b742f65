#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace ordercast::hub {

// Settings of one hub: how far back a resuming client can be replayed and which events need an
// acknowledgement. The defaults are what /v1 clients are promised (docs/protocol.md).
struct hub_options {
    // History kept per channel: the last N events ...
    std::size_t history_max_events = 1000;
    // ... no older than this (checked at each publish on the channel and by hub::expire_history) ...
    std::chrono::milliseconds history_max_age = std::chrono::hours(24);
    // ... and all channels together under this many bytes (event::memory_bytes); the oldest
    // events overall go first.
    std::size_t history_memory_budget = std::size_t{256} << 20;
    // Event types that always carry requires_ack.
    std::vector<std::string> critical_types = {"order_status_changed", "order_ready",       "order_completed",
                                               "order_cancelled",      "payment_processed", "payment_failed"};
    // Identifies this run's numbering. Empty: 8 random hex digits, so it changes at every restart
    // of the in-memory history. Must not be reused by a later run that lost the history.
    std::string epoch;
    // Wall clock for timestamps and history age. Empty: std::chrono::system_clock::now. Tests
    // inject a fake one. Called under hub locks: it must be cheap and must not call into the hub.
    std::function<std::chrono::system_clock::time_point()> clock;
};

}  // namespace ordercast::hub

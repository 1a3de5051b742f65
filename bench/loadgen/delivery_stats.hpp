#pragma once
// Counters shared by the subscribers (which receive) and the publisher (which knows what is
// due). Single-threaded: everything runs on the load generator's one io_context thread.
#include <cstdint>

#include "bench/loadgen/latency_histogram.hpp"

namespace ordercast::bench {

struct delivery_stats {
    std::uint64_t received = 0;  // deliveries since the run began
    std::uint64_t expected =
        0;  // deliveries due for every publish the server accepted (or was sent, over ws)
    std::uint64_t window_received = 0;
    latency_histogram window_latency;  // deliveries received inside the measurement window
    bool in_window = false;

    // The hot path: one call per delivery. `now_ns` is read once per socket read.
    void record(std::uint64_t ts_ns, std::uint64_t now_ns) noexcept {
        ++received;
        if (in_window) {
            ++window_received;
            window_latency.record(now_ns > ts_ns ? now_ns - ts_ns : 0);
        }
    }

    std::uint64_t backlog() const noexcept { return expected > received ? expected - received : 0; }
};

}  // namespace ordercast::bench

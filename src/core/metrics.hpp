#pragma once
// Process-wide counters for /metrics (Prometheus text) and /api/metrics (JSON).
//
// Counters are relaxed atomics: hot paths add in batches (one add per drained batch, not per
// delivery) so the cache line is touched rarely. Gauges are computed at scrape time.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace ordercast::core {

// Fixed exponential buckets in microseconds: 10, 25, 50, 100, 250, 500, 1000, 2500, 5000,
// 10000, 25000, 50000, 100000, +Inf.
class latency_histogram {
public:
    static constexpr std::array<std::uint64_t, 13> k_bounds_us = {
        10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000};
    void observe_us(std::uint64_t us) noexcept;
    void observe_us(std::uint64_t us, std::uint64_t count) noexcept;
    struct snapshot_t {
        std::array<std::uint64_t, k_bounds_us.size() + 1> buckets{};  // not cumulative
        std::uint64_t count = 0;
        std::uint64_t sum_us = 0;
    };
    snapshot_t snapshot() const noexcept;

private:
    std::array<std::atomic<std::uint64_t>, k_bounds_us.size() + 1> buckets_{};
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_us_{0};
};

struct metrics {
    using counter = std::atomic<std::uint64_t>;
    counter connections_opened{0};
    counter connections_closed{0};
    std::atomic<std::int64_t> connections_current{0};
    std::atomic<std::int64_t> subscriptions_current{0};
    counter messages_in{0};
    counter messages_out{0};   // frames written to WebSocket clients
    counter bytes_in{0};
    counter bytes_out{0};
    counter dropped{0};        // frames discarded because their connection was closed for overload
    counter slow_consumer_closes{0};
    counter auth_failures{0};
    counter rate_limit_hits{0};
    counter redeliveries{0};
    latency_histogram publish_to_write;

    void count_http(std::string_view route, int status);
    std::map<std::pair<std::string, int>, std::uint64_t> http_requests() const;

    // Extra gauges computed on scrape (hub sizes etc.), registered by the application.
    using gauge_fn = std::function<void(std::map<std::string, double>&)>;
    void add_gauges(gauge_fn fn);

    std::string render_prometheus() const;
    std::string render_json() const;

private:
    mutable std::mutex http_mutex_;
    std::map<std::pair<std::string, int>, std::uint64_t> http_;
    mutable std::mutex gauges_mutex_;
    std::vector<gauge_fn> gauges_;
};

// The process's metrics registry.
metrics& global_metrics() noexcept;

}  // namespace ordercast::core

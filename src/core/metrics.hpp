#pragma once
// Process-wide counters for /metrics (Prometheus text) and /api/metrics (JSON).
//
// Counters are relaxed atomics, written rarely; what is counted per frame or per request is
// kept per worker (worker_metrics) and summed at scrape time, as the gauges are computed.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace ordercast::core {

// A counter that one thread writes and any thread reads: an add is a relaxed load and store,
// no locked instruction. What the workers count per frame or per request is kept in these, one
// set per worker (worker_metrics), and summed when the metrics are read.
class owned_counter {
public:
    void add(std::uint64_t n) noexcept {
        value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
    std::uint64_t load() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

// Fixed exponential buckets in microseconds: 10, 25, 50, 100, 250, 500, 1000, 2500, 5000,
// 10000, 25000, 50000, 100000, +Inf. One writer thread (see owned_counter).
class latency_histogram {
public:
    static constexpr std::array<std::uint64_t, 13> k_bounds_us = {
        10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000};
    void observe_us(std::uint64_t us) noexcept;
    struct snapshot_t {
        std::array<std::uint64_t, k_bounds_us.size() + 1> buckets{};  // not cumulative
        std::uint64_t count = 0;
        std::uint64_t sum_us = 0;
    };
    // Adds this histogram's counts to `total`.
    void add_to(snapshot_t& total) const noexcept;

private:
    std::array<owned_counter, k_bounds_us.size() + 1> buckets_{};
    owned_counter count_;
    owned_counter sum_us_;
};

class metrics;

// HTTP requests counted by route and status: (route, status) -> requests.
using http_request_counts = std::map<std::pair<std::string, int>, std::uint64_t>;

// What one worker thread counts on its hot paths: WebSocket frames and bytes, publish-to-write
// latency, HTTP requests by route and status. Only the worker's thread writes it, so no count
// takes a locked instruction, a lock or an allocation (a shared atomic per frame and a locked
// map per request were measurable at hundreds of thousands of frames a second). It registers
// with a metrics registry for its lifetime; at its end its counts move into the registry's.
class worker_metrics {
public:
    explicit worker_metrics(metrics& registry);
    ~worker_metrics();
    worker_metrics(const worker_metrics&) = delete;
    worker_metrics& operator=(const worker_metrics&) = delete;

    owned_counter messages_out;  // frames written to WebSocket clients
    owned_counter bytes_in;      // WebSocket bytes received
    owned_counter bytes_out;     // WebSocket bytes written
    latency_histogram publish_to_write;

    // Worker thread. `route` is the router's name for the route ("" when none matched).
    void count_http(std::string_view route, int status);
    // Any thread: adds this worker's HTTP counts to `total`.
    void add_http_to(http_request_counts& total) const;

private:
    // Entries are appended by the worker and never move: a reader takes the published count
    // (acquire) and reads that many, whose route and status no longer change.
    struct http_slot {
        std::string route;
        int status = 0;
        owned_counter requests;
    };
    static constexpr std::size_t k_http_slots = 64;  // routes x statuses seen; more go to the registry
    metrics& registry_;
    std::array<http_slot, k_http_slots> http_;
    std::atomic<std::size_t> http_used_{0};
    std::size_t http_last_ = 0;  // the slot of the previous request: a run of one route is common
};

// Totals over every worker, and what workers that ended counted.
struct traffic_totals {
    std::uint64_t messages_out = 0;
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
    latency_histogram::snapshot_t publish_to_write;
};

class metrics {
public:
    using counter = std::atomic<std::uint64_t>;
    counter connections_opened{0};
    counter connections_closed{0};
    std::atomic<std::int64_t> connections_current{0};
    std::atomic<std::int64_t> subscriptions_current{0};
    counter messages_in{0};
    counter dropped{0};  // frames discarded because their connection was closed for overload
    counter slow_consumer_closes{0};
    counter auth_failures{0};
    counter rate_limit_hits{0};
    counter redeliveries{0};
    counter acks_abandoned{0};  // critical events no longer redelivered, unacknowledged

    // Any thread: for requests counted outside a worker (and a worker's overflow).
    void count_http(std::string_view route, int status, std::uint64_t n = 1);
    http_request_counts http_requests() const;
    // Frames, bytes and publish-to-write latency over every worker, live and ended.
    traffic_totals traffic() const;

    // Extra gauges computed on scrape (hub sizes etc.), registered by the application.
    using gauge_fn = std::function<void(std::map<std::string, double>&)>;
    void add_gauges(gauge_fn fn);

    std::string render_prometheus() const;
    std::string render_json() const;

private:
    friend class worker_metrics;
    void attach(const worker_metrics* w);
    void detach(const worker_metrics* w);  // folds w's counts into the retired ones

    mutable std::mutex http_mutex_;
    http_request_counts http_;
    mutable std::mutex workers_mutex_;  // guards workers_ and retired_
    std::vector<const worker_metrics*> workers_;
    traffic_totals retired_;
    mutable std::mutex gauges_mutex_;
    std::vector<gauge_fn> gauges_;
};

// The process's metrics registry.
metrics& global_metrics() noexcept;

}  // namespace ordercast::core

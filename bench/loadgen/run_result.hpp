#pragma once
// The figures of one load-generator run, and their two renderings: one JSON object for
// bench/run to aggregate, and a few lines of text for a person.
#include <cstdint>
#include <string>

namespace ordercast::bench {

struct latency_summary_us {
    double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0, mean = 0;
    std::uint64_t count = 0;
};

struct run_result {
    std::string label;
    std::string dialect;
    std::string publish;  // none | http | ws
    double rate = 0;      // requested publishes/s; 0 = maximum
    std::uint32_t window = 0;
    std::uint32_t publishers = 0;

    // Connections
    std::uint32_t connections = 0;  // requested
    std::uint32_t channels = 0;
    std::uint32_t subscribed = 0;
    std::uint32_t failed = 0;   // never subscribed
    std::uint32_t dropped = 0;  // closed after subscribing
    std::string first_failure;
    double connect_s = 0;
    std::uint64_t fd_limit = 0;  // this process's RLIMIT_NOFILE hard limit

    // Server memory (kB) and memory per subscribed idle connection (bytes)
    std::uint64_t rss_before_kb = 0;
    std::uint64_t rss_idle_kb = 0;
    std::uint64_t rss_end_kb = 0;
    double bytes_per_connection = 0;

    // Publishing, over the whole run
    std::uint64_t sent = 0, accepted = 0, rejected = 0, late = 0;
    std::string first_rejection;
    std::string publisher_failure;

    // The measurement window
    double window_s = 0;
    std::uint64_t window_published = 0;
    std::uint64_t deliveries = 0;
    double deliveries_per_s = 0;
    double publishes_per_s = 0;
    double server_user_s = 0;
    double server_sys_s = 0;
    double server_cpu_util = 0;  // (user+sys) / window
    double deliveries_per_cpu_s = 0;
    double loadgen_cpu_util = 0;  // the generator's own CPU use: near 1.0 means it may be the limit
    latency_summary_us latency;
    std::uint64_t steal_ticks = 0;
    std::uint64_t total_ticks = 0;
    double steal_pct = 0;
    // CPU time that neither the server nor this generator used (other processes: a build, a
    // test run), as a share of the machine. Runs with much of it are not comparable.
    double other_cpu_pct = 0;

    // Loss, once publishing stopped and the drain ended
    std::uint64_t expected = 0;
    std::uint64_t received = 0;
    std::uint64_t lost = 0;
    double loss_ratio = 0;
    bool drained = false;

    bool aborted = false;
    std::string abort_reason;

    std::string to_json() const;
    std::string to_text() const;
};

// Escapes a string for a JSON string literal (quotes not included).
std::string json_escape(std::string_view s);

}  // namespace ordercast::bench

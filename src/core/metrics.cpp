#include "core/metrics.hpp"

#include <fmt/format.h>

#include "core/json_writer.hpp"

namespace ordercast::core {

void latency_histogram::observe_us(std::uint64_t us) noexcept {
    std::size_t i = 0;
    while (i < k_bounds_us.size() && us > k_bounds_us[i]) ++i;
    buckets_[i].add(1);
    count_.add(1);
    sum_us_.add(us);
}

void latency_histogram::add_to(snapshot_t& total) const noexcept {
    for (std::size_t i = 0; i < buckets_.size(); ++i) total.buckets[i] += buckets_[i].load();
    total.count += count_.load();
    total.sum_us += sum_us_.load();
}

// ---- worker_metrics -----------------------------------------------------------------------------

worker_metrics::worker_metrics(metrics& registry) : registry_(registry) {
    registry_.attach(this);
}

worker_metrics::~worker_metrics() {
    registry_.detach(this);
}

void worker_metrics::count_http(std::string_view route, int status) {
    const std::size_t used = http_used_.load(std::memory_order_relaxed);
    if (http_last_ < used && http_[http_last_].status == status && http_[http_last_].route == route) {
        http_[http_last_].requests.add(1);
        return;
    }
    for (std::size_t i = 0; i < used; ++i) {
        if (http_[i].status == status && http_[i].route == route) {
            http_[i].requests.add(1);
            http_last_ = i;
            return;
        }
    }
    if (used == http_.size()) {
        registry_.count_http(route, status);
        return;
    }
    http_slot& slot = http_[used];
    slot.route.assign(route);
    slot.status = status;
    slot.requests.add(1);
    http_last_ = used;
    http_used_.store(used + 1, std::memory_order_release);
}

void worker_metrics::add_http_to(http_request_counts& total) const {
    const std::size_t used = http_used_.load(std::memory_order_acquire);
    for (std::size_t i = 0; i < used; ++i)
        total[{http_[i].route, http_[i].status}] += http_[i].requests.load();
}

namespace {

void add_traffic(traffic_totals& total, const worker_metrics& w) {
    total.messages_out += w.messages_out.load();
    total.bytes_in += w.bytes_in.load();
    total.bytes_out += w.bytes_out.load();
    w.publish_to_write.add_to(total.publish_to_write);
}

}  // namespace

// ---- metrics ------------------------------------------------------------------------------------

void metrics::attach(const worker_metrics* w) {
    std::lock_guard lock(workers_mutex_);
    workers_.push_back(w);
}

void metrics::detach(const worker_metrics* w) {
    // Both locks, in http_requests()'s order, so that no reader sees w's counts twice or not at all.
    std::lock_guard lock(workers_mutex_);
    std::lock_guard http_lock(http_mutex_);
    w->add_http_to(http_);
    add_traffic(retired_, *w);
    std::erase(workers_, w);
}

void metrics::count_http(std::string_view route, int status, std::uint64_t n) {
    std::lock_guard lock(http_mutex_);
    http_[{std::string(route), status}] += n;
}

http_request_counts metrics::http_requests() const {
    std::lock_guard lock(workers_mutex_);
    std::lock_guard http_lock(http_mutex_);
    http_request_counts total = http_;
    for (const worker_metrics* w : workers_) w->add_http_to(total);
    return total;
}

traffic_totals metrics::traffic() const {
    std::lock_guard lock(workers_mutex_);
    traffic_totals total = retired_;
    for (const worker_metrics* w : workers_) add_traffic(total, *w);
    return total;
}

void metrics::add_gauges(gauge_fn fn) {
    std::lock_guard lock(gauges_mutex_);
    gauges_.push_back(std::move(fn));
}

namespace {

struct scalar {
    const char* name;
    const char* type;
    const char* help;
    double value;
};

std::vector<scalar> scalars(const metrics& m, const traffic_totals& t) {
    auto v = [](const auto& a) { return static_cast<double>(a.load(std::memory_order_relaxed)); };
    auto d = [](std::uint64_t n) { return static_cast<double>(n); };
    return {
        {"connections_current", "gauge", "Open WebSocket connections.", v(m.connections_current)},
        {"connections_opened_total", "counter", "WebSocket connections accepted.", v(m.connections_opened)},
        {"connections_closed_total", "counter", "WebSocket connections closed.", v(m.connections_closed)},
        {"subscriptions_current", "gauge", "Channel subscriptions held by connections.",
         v(m.subscriptions_current)},
        {"messages_in_total", "counter", "WebSocket messages received.", v(m.messages_in)},
        {"messages_out_total", "counter", "WebSocket frames sent.", d(t.messages_out)},
        {"bytes_in_total", "counter", "WebSocket bytes received.", d(t.bytes_in)},
        {"bytes_out_total", "counter", "WebSocket bytes sent.", d(t.bytes_out)},
        {"dropped_total", "counter", "Frames dropped because their connection was closed as a slow consumer.",
         v(m.dropped)},
        {"slow_consumer_closes_total", "counter", "Connections closed with 1013 for falling behind.",
         v(m.slow_consumer_closes)},
        {"auth_failures_total", "counter", "Rejected tokens.", v(m.auth_failures)},
        {"rate_limit_hits_total", "counter", "Messages refused by the rate limit.", v(m.rate_limit_hits)},
        {"redeliveries_total", "counter", "Critical events sent again for lack of an ack.",
         v(m.redeliveries)},
        {"acks_abandoned_total", "counter",
         "Critical events no longer redelivered, unacknowledged: retries spent, or pushed out of a "
         "connection's hub.ack_max_pending.",
         v(m.acks_abandoned)},
    };
}

}  // namespace

std::string metrics::render_prometheus() const {
    std::string out;
    out.reserve(4096);
    const traffic_totals t = traffic();
    for (const auto& s : scalars(*this, t)) {
        fmt::format_to(std::back_inserter(out),
                       "# HELP ordercast_{0} {1}\n# TYPE ordercast_{0} {2}\nordercast_{0} {3}\n", s.name,
                       s.help, s.type, s.value);
    }
    const auto& h = t.publish_to_write;
    out +=
        "# HELP ordercast_publish_to_write_seconds Time from publish to the frame being written to a "
        "socket.\n"
        "# TYPE ordercast_publish_to_write_seconds histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < latency_histogram::k_bounds_us.size(); ++i) {
        cumulative += h.buckets[i];
        fmt::format_to(std::back_inserter(out), "ordercast_publish_to_write_seconds_bucket{{le=\"{}\"}} {}\n",
                       static_cast<double>(latency_histogram::k_bounds_us[i]) / 1e6, cumulative);
    }
    cumulative += h.buckets.back();
    fmt::format_to(std::back_inserter(out),
                   "ordercast_publish_to_write_seconds_bucket{{le=\"+Inf\"}} {}\n"
                   "ordercast_publish_to_write_seconds_sum {}\nordercast_publish_to_write_seconds_count {}\n",
                   cumulative, static_cast<double>(h.sum_us) / 1e6, h.count);
    out +=
        "# HELP ordercast_http_requests_total HTTP requests by route and status.\n"
        "# TYPE ordercast_http_requests_total counter\n";
    for (const auto& [key, n] : http_requests())
        fmt::format_to(std::back_inserter(out),
                       "ordercast_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", key.first,
                       key.second, n);
    std::map<std::string, double> gauges;
    {
        std::lock_guard lock(gauges_mutex_);
        for (const auto& g : gauges_) g(gauges);
    }
    for (const auto& [name, value] : gauges)
        fmt::format_to(std::back_inserter(out), "# TYPE ordercast_{0} gauge\nordercast_{0} {1}\n", name,
                       value);
    return out;
}

std::string metrics::render_json() const {
    std::string out;
    json_writer w(out);
    w.begin_object();
    const traffic_totals t = traffic();
    for (const auto& s : scalars(*this, t)) w.field(s.name, s.value);
    const auto& h = t.publish_to_write;
    w.key("publish_to_write_us").begin_object().field("count", h.count).field("sum", h.sum_us);
    w.key("buckets").begin_array();
    for (std::size_t i = 0; i < h.buckets.size(); ++i) {
        w.begin_object();
        if (i < latency_histogram::k_bounds_us.size())
            w.field("le", latency_histogram::k_bounds_us[i]);
        else
            w.key("le").string("+Inf");
        w.field("count", h.buckets[i]).end_object();
    }
    w.end_array().end_object();
    w.key("http_requests").begin_array();
    for (const auto& [key, n] : http_requests())
        w.begin_object().field("route", key.first).field("status", key.second).field("count", n).end_object();
    w.end_array();
    std::map<std::string, double> gauges;
    {
        std::lock_guard lock(gauges_mutex_);
        for (const auto& g : gauges_) g(gauges);
    }
    for (const auto& [name, value] : gauges) w.field(name, value);
    w.end_object();
    return out;
}

metrics& global_metrics() noexcept {
    static metrics m;
    return m;
}

}  // namespace ordercast::core

#include "cli/monitor_command.hpp"

#include <simdjson.h>

#include <fmt/format.h>

#include <map>

#include "cli/http_client.hpp"
#include "cli/order_format.hpp"
#include "cli/reply_format.hpp"
#include "core/json_writer.hpp"

namespace ordercast::cli {
namespace {

// The figures of GET /api/metrics that the monitor shows, read once: a gauge the server does not
// report (a build without the queue, say) reads as 0.
struct figures {
    std::map<std::string, double, std::less<>> values;
    double operator[](std::string_view name) const {
        auto it = values.find(name);
        return it == values.end() ? 0 : it->second;
    }
    std::int64_t count(std::string_view name) const { return static_cast<std::int64_t>((*this)[name]); }
};

figures read_figures(simdjson::dom::element metrics) {
    figures f;
    simdjson::dom::object o;
    if (metrics.get_object().get(o) != simdjson::SUCCESS) return f;
    for (auto [key, value] : o) {
        double d = 0;
        if (value.get_double().get(d) == simdjson::SUCCESS) f.values.emplace(std::string(key), d);
    }
    return f;
}

constexpr const char* k_priorities[] = {"urgent", "high", "normal", "low"};

// {"status","server","queue":{...},"queuedByPriority":{...},"waitAverageSeconds",
// "waitP95Seconds","failureRate","connections","subscriptions","site"?}
std::string monitor_json(std::string_view health, std::string_view server, const figures& f,
                         std::string_view site_counts) {
    std::string out;
    core::json_writer w(out);
    w.begin_object().field("status", health).field("server", server);
    w.key("queue").begin_object();
    w.field("pending", f.count("queue_jobs_pending") + f.count("queue_jobs_queued"));
    for (const char* s : {"processing", "completed", "failed", "cancelled"})
        w.field(s, f.count(fmt::format("queue_jobs_{}", s)));
    w.field("held", f.count("queue_jobs_paused"));  // jobs in PAUSED, as the queue's counters name them
    w.end_object();
    w.key("queuedByPriority").begin_object();
    for (const char* p : k_priorities) w.field(p, f.count(fmt::format("queue_queued_{}", p)));
    w.end_object();
    w.field("waitAverageSeconds", f["queue_wait_average_seconds"]);
    w.field("waitP95Seconds", f["queue_wait_p95_seconds"]);
    w.field("failureRate", f["queue_failure_rate"]);
    w.field("connections", f.count("connections_current"));
    w.field("subscriptions", f.count("subscriptions_current"));
    if (!site_counts.empty()) w.key("site").raw(site_counts);
    w.end_object();
    return out;
}

}  // namespace

void monitor_command::attach(CLI::App& root) {
    monitor_ = root.add_subcommand("monitor", "The server's health and the queue's figures at a glance");
    monitor_->require_subcommand(1);
    monitor_->add_option("--server", server_,
                         "Server URL (default $ORDERCAST_SERVER or http://localhost:8000)");
    monitor_->add_option("--token", token_,
                         "Bearer token (default $ORDERCAST_TOKEN; optional: adds the token's site)");
    monitor_->add_flag("--json", json_, "Print one JSON object instead of a summary");
    monitor_->fallthrough();
    monitor_->footer(k_group_options_footer);
    status_ = monitor_->add_subcommand(
        "status", "Health, jobs by state, wait times, waiting jobs by priority, failure rate, connections");
}

bool monitor_command::parsed() const {
    return monitor_ != nullptr && monitor_->parsed();
}

int monitor_command::run(std::ostream& out, std::ostream& err, const char* env_token,
                         const char* env_server) {
    try {
        std::string url = server_;
        if (url.empty()) url = env_server != nullptr && *env_server ? env_server : "http://localhost:8000";
        std::string bearer = token_;
        if (bearer.empty() && env_token != nullptr) bearer = env_token;
        http_client client(server_url::parse(url), std::move(bearer));
        return status(client, out, err);
    } catch (const cli_error& e) {
        err << "ordercast: " << e.what() << "\n";
        return 1;
    }
}

int monitor_command::status(http_client& client, std::ostream& out, std::ostream& err) {
    const server_url& url = client.url();
    const std::string server = fmt::format("http://{}:{}{}", url.host, url.port, url.base_path);
    auto health = client.request("GET", "/health");
    if (health.status != 200) {
        print_error(err, health.status, health.body);
        return 1;
    }
    auto metrics = client.request("GET", "/api/metrics");
    if (metrics.status != 200) {
        print_error(err, metrics.status, metrics.body);
        return 1;
    }
    simdjson::dom::element parsed;
    std::string health_status = "ok";
    if (reply_parser().parse(health.body).get(parsed) == simdjson::SUCCESS)
        health_status = field_text(parsed, "status", "ok");
    if (reply_parser().parse(metrics.body).get(parsed) != simdjson::SUCCESS) {
        err << "ordercast: GET /api/metrics did not answer JSON\n";
        return 1;
    }
    const figures f = read_figures(parsed);

    // A staff token adds its site's own line; without one, or with a token the queue refuses
    // (a customer's), the figures of every site stand alone.
    std::string site_counts;
    if (!client.token().empty()) {
        auto site = client.request("GET", "/api/v1/queue/status");
        if (site.status == 200) site_counts = site.body;
    }
    if (json_) {
        out << monitor_json(health_status, server, f, site_counts) << "\n";
        return 0;
    }
    out << fmt::format("server        {}  {}\n", server, health_status);
    out << fmt::format("connections   {} open, {} subscriptions\n", f.count("connections_current"),
                       f.count("subscriptions_current"));
    out << fmt::format(
        "jobs          pending {}  processing {}  completed {}  failed {}  cancelled {}  (all sites)\n",
        f.count("queue_jobs_pending") + f.count("queue_jobs_queued"), f.count("queue_jobs_processing"),
        f.count("queue_jobs_completed"), f.count("queue_jobs_failed"), f.count("queue_jobs_cancelled"));
    if (!site_counts.empty() && reply_parser().parse(site_counts).get(parsed) == simdjson::SUCCESS)
        out << fmt::format(
            "site          {}  pending {}  processing {}  completed {}  failed {}  paused {}\n",
            field_text(parsed, "siteId", "(all)"), field_text(parsed, "pending"),
            field_text(parsed, "processing"), field_text(parsed, "completed"), field_text(parsed, "failed"),
            field_text(parsed, "paused"));
    out << "waiting       ";
    for (const char* p : k_priorities)
        out << fmt::format("{} {}  ", p, f.count(fmt::format("queue_queued_{}", p)));
    out << "(by priority)\n";
    out << fmt::format("wait          average {:.1f} s  p95 {:.1f} s  (jobs started in the last hour)\n",
                       f["queue_wait_average_seconds"], f["queue_wait_p95_seconds"]);
    out << fmt::format("failure rate  {:.1f} %  ({} failures since start)\n", f["queue_failure_rate"] * 100,
                       f.count("queue_failures_total"));
    return 0;
}

}  // namespace ordercast::cli

#include "cli/alerts_command.hpp"

#include <simdjson.h>

#include <fmt/format.h>

#include "cli/http_client.hpp"
#include "cli/order_format.hpp"
#include "cli/order_watch.hpp"
#include "cli/reply_format.hpp"
#include "core/json_writer.hpp"

namespace ordercast::cli {
namespace {

constexpr std::string_view k_base = "/api/v1/alerts";

// 01J...  open          warning   site f1  queue_backlog  "Queue backlog: 25 jobs"  by rules  2026-...
void print_alert(std::ostream& out, simdjson::dom::element a) {
    out << fmt::format("{}  {:<12}  {:<8}  site {}  {}  \"{}\"", field_text(a, "id"), field_text(a, "state"),
                       field_text(a, "severity"), field_text(a, "site"), field_text(a, "category"),
                       field_text(a, "message"));
    if (std::string by = field_text(a, "acknowledgedBy", ""); !by.empty()) out << "  acknowledged by " << by;
    if (std::string by = field_text(a, "resolvedBy", ""); !by.empty()) out << "  resolved by " << by;
    out << "  " << field_text(a, "createdAt") << "\n";
}

void print_alert_list(std::ostream& out, simdjson::dom::element page) {
    simdjson::dom::array alerts;
    if (page["alerts"].get_array().get(alerts) != simdjson::SUCCESS) return;
    if (alerts.size() == 0) out << "no alerts\n";
    for (auto a : alerts) print_alert(out, a);
}

// alert, alert_acknowledged and alert_resolved frames of site:{site}:alerts, one line each.
void print_alert_event(std::ostream& out, std::string_view frame) {
    simdjson::dom::element f, d;
    if (reply_parser().parse(frame.data(), frame.size(), true).get(f) != simdjson::SUCCESS ||
        f["data"].get(d) != simdjson::SUCCESS) {
        out << frame << "\n";
        return;
    }
    const std::string type = field_text(f, "type");
    if (type == "alert")
        out << fmt::format("{}  alert  {}  {}  {}  \"{}\"\n", field_text(f, "timestamp"),
                           field_text(d, "alertId"), field_text(d, "severity"), field_text(d, "category"),
                           field_text(d, "message"));
    else if (type == "alert_acknowledged" || type == "alert_resolved")
        out << fmt::format("{}  {}  {}  by {}\n", field_text(f, "timestamp"), type, field_text(d, "alertId"),
                           field_text(d, type == "alert_resolved" ? "resolvedBy" : "acknowledgedBy"));
    else
        print_event_line(out, frame);
}

}  // namespace

void alerts_command::attach(CLI::App& root) {
    alerts_ =
        root.add_subcommand("alerts", "Alerts on a running server: list, raise, acknowledge, resolve, watch");
    alerts_->require_subcommand(1);
    alerts_->add_option("--server", server_,
                        "Server URL (default $ORDERCAST_SERVER or http://localhost:8000)");
    alerts_->add_option("--token", token_, "Bearer token (default $ORDERCAST_TOKEN)");
    alerts_->add_flag("--json", json_, "Print the server's JSON instead of a summary");
    // The group's options may also follow the subcommand, as the README and docs write them
    // (`ordercast alerts watch --server URL --token T`): its subcommands, added below, inherit
    // this and hand an option they do not know to the group.
    alerts_->fallthrough();
    alerts_->footer(k_group_options_footer);

    list_ = alerts_->add_subcommand("list", "List alerts, newest first");
    list_->add_option("--state", state_, "Only this state (open, acknowledged, resolved)");
    list_->add_option("--site", site_, "Only this site (admin and service tokens; staff see their own)");
    list_->add_option("--limit", limit_, "At most this many (1-1000)")->capture_default_str();

    show_ = alerts_->add_subcommand("show", "Show one alert");
    show_->add_option("id", id_, "Alert id")->required();

    raise_ = alerts_->add_subcommand("raise", "Raise an alert by hand");
    raise_->add_option("--message", message_, "What is wrong")->required();
    raise_->add_option("--site", site_, "Site the alert is about")->required();
    raise_->add_option("--severity", severity_, "info, warning or critical")->capture_default_str();
    raise_->add_option("--category", category_, "A free word that groups alerts")->capture_default_str();

    ack_ = alerts_->add_subcommand("ack", "Acknowledge an open alert");
    ack_->add_option("id", id_, "Alert id")->required();
    resolve_ = alerts_->add_subcommand("resolve", "Resolve an open or acknowledged alert");
    resolve_->add_option("id", id_, "Alert id")->required();

    watch_ = alerts_->add_subcommand("watch", "Follow a site's alerts live");
    watch_->add_option("--site", site_, "Site")->required();
    watch_->add_option("--count", count_, "Stop after this many events");
    watch_->add_option("--timeout", timeout_s_, "Stop after this many seconds");
}

bool alerts_command::parsed() const {
    return alerts_ != nullptr && alerts_->parsed();
}

int alerts_command::run(std::ostream& out, std::ostream& err, const char* env_token, const char* env_server) {
    try {
        http_client client = client_for(server_, token_, env_server, env_token);
        if (list_->parsed()) return list(client, out, err);
        if (raise_->parsed()) return raise(client, out, err);
        if (watch_->parsed()) return watch(client, out, err);
        const std::string target = fmt::format("{}/{}", k_base, url_encode(id_));
        if (show_->parsed()) return print_answer(client.request("GET", target), json_, out, err, print_alert);
        return print_answer(client.request("POST", target + (ack_->parsed() ? "/ack" : "/resolve"), "{}"),
                            json_, out, err, print_alert);
    } catch (const cli_error& e) {
        err << "ordercast: " << e.what() << "\n";
        return 1;
    }
}

int alerts_command::list(http_client& client, std::ostream& out, std::ostream& err) {
    std::string target = fmt::format("{}?limit={}", k_base, limit_);
    if (!state_.empty()) target += "&state=" + url_encode(state_);
    if (!site_.empty()) target += "&site=" + url_encode(site_);
    return print_answer(client.request("GET", target), json_, out, err, print_alert_list);
}

int alerts_command::raise(http_client& client, std::ostream& out, std::ostream& err) {
    std::string body;
    core::json_writer w(body);
    w.begin_object().field("severity", severity_).field("category", category_).field("message", message_);
    if (!site_.empty()) w.field("site", site_);
    w.end_object();
    return print_answer(client.request("POST", k_base, body), json_, out, err, print_alert);
}

int alerts_command::watch(http_client& client, std::ostream& out, std::ostream&) {
    watch_options options;
    options.json = json_;
    options.max_events = count_;
    options.timeout = std::chrono::seconds(timeout_s_);
    options.channels.push_back("site:" + site_ + ":alerts");
    options.print = print_alert_event;
    return cli::watch(client.url(), client.token(), options, out);
}

}  // namespace ordercast::cli

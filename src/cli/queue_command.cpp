#include "cli/queue_command.hpp"

#include <simdjson.h>

#include <fmt/format.h>

#include "cli/http_client.hpp"
#include "cli/order_format.hpp"
#include "cli/order_watch.hpp"
#include "cli/reply_format.hpp"
#include "core/json_writer.hpp"

namespace ordercast::cli {
namespace {

constexpr std::string_view k_base = "/api/v1/queue";

// JOB-20260131-001  QUEUED      HIGH    order ORDER-1  station c1  operator -  attempts 0
void print_job(std::ostream& out, simdjson::dom::element j) {
    out << fmt::format("{}  {:<10}  {:<6}  order {}  station {}  operator {}  attempts {}",
                       field_text(j, "id"), field_text(j, "status"), field_text(j, "priorityName"),
                       field_text(j, "orderId"), field_text(j, "stationId"), field_text(j, "operatorId"),
                       field_text(j, "attempts"));
    std::string_view error;
    if (j["error"].get_string().get(error) == simdjson::SUCCESS) out << "  error: " << error;
    out << "\n";
}

void print_counts(std::ostream& out, simdjson::dom::element c) {
    out << fmt::format("site {}  pending {}  processing {}  completed {}  failed {}  paused {}",
                       field_text(c, "siteId", "(all)"), field_text(c, "pending"),
                       field_text(c, "processing"), field_text(c, "completed"), field_text(c, "failed"),
                       field_text(c, "paused"));
    simdjson::dom::array stations;
    if (c["pausedStations"].get_array().get(stations) == simdjson::SUCCESS && stations.size() > 0) {
        out << "  paused stations";
        for (auto s : stations) out << " " << std::string_view(s.get_string().value_unsafe());
    }
    out << "\n";
}

void print_queue_event(std::ostream& out, std::string_view frame) {
    simdjson::dom::element f;
    if (reply_parser().parse(frame.data(), frame.size(), true).get(f) != simdjson::SUCCESS) {
        out << frame << "\n";
        return;
    }
    simdjson::dom::element d;
    if (f["data"].get(d) != simdjson::SUCCESS) {
        out << frame << "\n";
        return;
    }
    const std::string type = field_text(f, "type");
    if (type == "queue_update") {
        out << field_text(f, "timestamp") << "  queue_update  ";
        print_counts(out, d);
    } else if (type == "job_status_changed") {
        out << fmt::format("{}  job {}  {} -> {}  by {}\n", field_text(f, "timestamp"),
                           field_text(d, "jobId"), field_text(d, "previousStatus", "(new)"),
                           field_text(d, "currentStatus"), field_text(d, "updatedBy"));
    } else {
        print_event_line(out, frame);
    }
}

std::string site_body(const std::string& site, const std::string& station) {
    std::string body;
    core::json_writer w(body);
    w.begin_object();
    if (!site.empty()) w.field("siteId", site);
    if (!station.empty()) w.field("stationId", station);
    w.end_object();
    return body;
}

}  // namespace

void queue_command::attach(CLI::App& root) {
    queue_ = root.add_subcommand("queue", "The production job queue on a running server (cutters, stations)");
    queue_->require_subcommand(1);
    queue_->add_option("--server", server_,
                       "Server URL (default $ORDERCAST_SERVER or http://localhost:8000)");
    queue_->add_option("--token", token_, "Bearer token (default $ORDERCAST_TOKEN)");
    queue_->add_flag("--json", json_, "Print the server's JSON instead of a summary");
    // The group's options may also follow the subcommand, as the README and docs write them
    // (`ordercast queue watch --server URL --token T`): its subcommands, added below, inherit
    // this and hand an option they do not know to the group.
    queue_->fallthrough();
    queue_->footer(k_group_options_footer);

    status_ = queue_->add_subcommand("status",
                                     "Pending, processing, completed and failed jobs, and whether paused");
    status_->add_option("--site", site_, "Site (admin and service tokens; staff see their own)");

    list_ = queue_->add_subcommand("list", "List jobs (oldest first)");
    list_->add_option("--status", status_filter_, "Only this status (QUEUED, PROCESSING, FAILED ...)");
    list_->add_option("--site", site_, "Only this site (admin and service tokens)");
    list_->add_option("--station", station_, "Only this station");
    list_->add_option("--order", order_, "Only jobs of this order");
    list_->add_option("--limit", limit_, "At most this many")->capture_default_str();

    submit_ = queue_->add_subcommand("submit", "Submit a job");
    submit_->add_option("--order", order_,
                        "Order id (garment, fabric, PLT file and priority default from it)");
    submit_->add_option("--site", site_, "Site (admin and service tokens)");
    submit_->add_option("--station", station_,
                        "Station (cutter) the job is for: claims naming another station skip it");
    submit_->add_option("--priority", priority_, "URGENT, HIGH, NORMAL, LOW or 1-4")->capture_default_str();
    submit_->add_option("--tier", tier_, "Customer tier (queue.tier_bonuses)");
    submit_->add_option("--garment", garment_, "Garment type");
    submit_->add_option("--fabric-cm", fabric_cm_, "Fabric required in centimetres");
    submit_->add_option("--plt", plot_file_, "Plot (PLT) file path");
    submit_->add_option("--notes", notes_, "Notes");
    submit_->add_flag("--hold", hold_,
                      "Create it PENDING (POST /api/v1/queue/jobs/{id}/resume puts it in line)");

    watch_ = queue_->add_subcommand("watch", "Follow the queue live (job changes and counters)");
    watch_->add_option("--site", site_, "Site (default: the token's)");
    watch_->add_option("--count", count_, "Stop after this many events");
    watch_->add_option("--timeout", timeout_s_, "Stop after this many seconds");

    process_ = queue_->add_subcommand(
        "process", "Mark a job as processing (the cutter started it); without an id, the next job by score");
    process_->add_option("id", id_, "Job id (default: take the next job, as process-next)");
    process_->add_option("--station", station_, "The station (cutter) cutting it");
    process_->add_option("--site", site_, "Site, when taking the next job (admin and service tokens)");

    process_next_ =
        queue_->add_subcommand("process-next", "Take the next job by score and mark it processing");
    process_next_->add_option("--station", station_,
                              "For this station (its own jobs and jobs of no station)");
    process_next_->add_option("--site", site_, "Site (admin and service tokens)");

    complete_ = queue_->add_subcommand("complete", "Mark a processing job completed");
    complete_->add_option("id", id_, "Job id")->required();
    complete_->add_option("--notes", notes_, "Notes");

    fail_ = queue_->add_subcommand("fail", "Mark a processing job failed");
    fail_->add_option("id", id_, "Job id")->required();
    fail_->add_option("--error", error_, "What went wrong")->required();
    fail_->add_option("--code", error_code_, "Error code (codes in queue.transient_errors are retried)");
    fail_->add_flag("--transient", transient_, "Retry automatically (up to queue.transient_retry_limit)");

    cancel_ = queue_->add_subcommand("cancel", "Cancel a job that is not processing");
    cancel_->add_option("id", id_, "Job id")->required();
    cancel_->add_option("--reason", reason_, "Why");

    pause_ = queue_->add_subcommand("pause", "Pause the queue, or one station");
    resume_ = queue_->add_subcommand("resume", "Resume the queue, or one station");
    for (auto* sub : {pause_, resume_}) {
        sub->add_option("--station", station_, "Only this station");
        sub->add_option("--site", site_, "Site (admin and service tokens)");
    }

    retry_ = queue_->add_subcommand("retry", "Requeue a failed job");
    retry_->add_option("id", id_, "Job id")->required();

    priority_cmd_ = queue_->add_subcommand("priority", "Override a waiting job's priority");
    priority_cmd_->add_option("id", id_, "Job id")->required();
    priority_cmd_->add_option("level", priority_, "URGENT, HIGH, NORMAL, LOW or 1-4")->required();
}

bool queue_command::parsed() const {
    return queue_ != nullptr && queue_->parsed();
}

int queue_command::run(std::ostream& out, std::ostream& err, const char* env_token, const char* env_server) {
    try {
        http_client client = client_for(server_, token_, env_server, env_token);
        if (status_->parsed()) return status(client, out, err);
        if (list_->parsed()) return list(client, out, err);
        if (submit_->parsed()) return submit(client, out, err);
        if (watch_->parsed()) return watch(client, out, err);
        if (process_next_->parsed() || (process_->parsed() && id_.empty()))
            return process_next(client, out, err);
        if (pause_->parsed()) return pause(client, true, out, err);
        if (resume_->parsed()) return pause(client, false, out, err);
        std::string body;
        core::json_writer w(body);
        w.begin_object();
        if (process_->parsed()) {
            if (!station_.empty()) w.field("stationId", station_);
            return job_action(client, "process", std::move(w.end_object().out()), out, err);
        }
        if (complete_->parsed()) {
            if (!notes_.empty()) w.field("notes", notes_);
            return job_action(client, "complete", std::move(w.end_object().out()), out, err);
        }
        if (fail_->parsed()) {
            w.field("error", error_);
            if (!error_code_.empty()) w.field("errorCode", error_code_);
            if (transient_) w.field("transient", true);
            return job_action(client, "fail", std::move(w.end_object().out()), out, err);
        }
        if (priority_cmd_->parsed()) {
            w.field("priority", priority_);
            return job_action(client, "priority", std::move(w.end_object().out()), out, err);
        }
        if (cancel_->parsed()) {
            if (!reason_.empty()) w.field("reason", reason_);
            return job_action(client, "cancel", std::move(w.end_object().out()), out, err);
        }
        return job_action(client, "retry", "{}", out, err);
    } catch (const cli_error& e) {
        err << "ordercast: " << e.what() << "\n";
        return 1;
    }
}

int queue_command::status(http_client& client, std::ostream& out, std::ostream& err) {
    std::string target = fmt::format("{}/status", k_base);
    if (!site_.empty()) target += "?site=" + url_encode(site_);
    return print_answer(client.request("GET", target), json_, out, err, print_counts);
}

int queue_command::list(http_client& client, std::ostream& out, std::ostream& err) {
    std::string target = fmt::format("{}/jobs?limit={}", k_base, limit_);
    for (auto [name, value] : {std::pair{"status", &status_filter_}, std::pair{"site", &site_},
                               std::pair{"station", &station_}, std::pair{"order", &order_}})
        if (!value->empty()) target += fmt::format("&{}={}", name, url_encode(*value));
    return print_answer(client.request("GET", target), json_, out, err,
                        [](std::ostream& o, simdjson::dom::element page) {
                            simdjson::dom::array jobs;
                            if (page["jobs"].get_array().get(jobs) != simdjson::SUCCESS) return;
                            if (jobs.size() == 0) o << "no jobs\n";
                            for (auto j : jobs) print_job(o, j);
                        });
}

int queue_command::submit(http_client& client, std::ostream& out, std::ostream& err) {
    std::string body;
    core::json_writer w(body);
    w.begin_object();
    for (auto [key, value] : {std::pair{"orderId", &order_}, std::pair{"siteId", &site_},
                              std::pair{"stationId", &station_}, std::pair{"priority", &priority_},
                              std::pair{"customerTier", &tier_}, std::pair{"garmentType", &garment_},
                              std::pair{"plotFile", &plot_file_}, std::pair{"notes", &notes_}})
        if (!value->empty()) w.field(key, *value);
    if (fabric_cm_ >= 0) w.field("fabricRequiredCm", fabric_cm_);
    if (hold_) w.field("hold", true);
    w.end_object();
    return print_answer(client.request("POST", fmt::format("{}/jobs", k_base), body), json_, out, err,
                        print_job);
}

int queue_command::watch(http_client& client, std::ostream& out, std::ostream& err) {
    std::string site = site_;
    if (site.empty()) {
        // Staff tokens name their site; the server tells which one it is.
        auto r = client.request("GET", fmt::format("{}/status", k_base));
        simdjson::dom::element c;
        std::string_view named;
        if (r.status == 200 && reply_parser().parse(r.body).get(c) == simdjson::SUCCESS &&
            c["siteId"].get_string().get(named) == simdjson::SUCCESS)
            site = named;
        if (site.empty()) {
            if (r.status != 200)
                print_error(err, r.status, r.body);
            else
                err << "ordercast: name the site to watch with --site\n";
            return r.status != 200 ? 1 : 2;
        }
    }
    watch_options options;
    options.json = json_;
    options.max_events = count_;
    options.timeout = std::chrono::seconds(timeout_s_);
    options.channels.push_back("site:" + site + ":queue");
    options.print = print_queue_event;
    return cli::watch(client.url(), client.token(), options, out);
}

int queue_command::process_next(http_client& client, std::ostream& out, std::ostream& err) {
    auto r = client.request("POST", fmt::format("{}/process-next", k_base), site_body(site_, station_));
    return print_answer(r, json_, out, err, [](std::ostream& o, simdjson::dom::element e) {
        simdjson::dom::element job;
        if (e["job"].get(job) != simdjson::SUCCESS || job.is_null())
            o << "no job is waiting\n";
        else
            print_job(o, job);
    });
}

int queue_command::job_action(http_client& client, std::string_view action, std::string body,
                              std::ostream& out, std::ostream& err) {
    auto r = client.request("POST", fmt::format("{}/jobs/{}/{}", k_base, url_encode(id_), action), body);
    return print_answer(r, json_, out, err, print_job);
}

int queue_command::pause(http_client& client, bool paused, std::ostream& out, std::ostream& err) {
    auto r = client.request("POST", fmt::format("{}/{}", k_base, paused ? "pause" : "resume"),
                            site_body(site_, station_));
    return print_answer(r, json_, out, err, print_counts);
}

}  // namespace ordercast::cli

#include "domain/queue/queue_service.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <ctime>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "core/json_writer.hpp"
#include "domain/order_service.hpp"
#include "domain/page_cursor.hpp"
#include "domain/queue/job_json.hpp"
#include "domain/queue/queue_access.hpp"
#include "store/store.hpp"
#include "store/store_error.hpp"

namespace ordercast::domain::queue {
namespace {

using core::error_code;
using detail::job_not_found;
using detail::may_touch;
using detail::resolve_site;
using domain::guarded;
using store::job_record;
using store::tx_mode;
namespace s = job_status;

std::string day_of(std::int64_t ms) {
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{:04}{:02}{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int priority_of_order(std::string_view p) {
    if (p == "urgent") return 1;
    if (p == "high") return 2;
    if (p == "low") return 4;
    return k_priority_normal;
}

// Fills what the draft leaves open from the order's attributes (the factory's orders keep
// garment type, fabric and the PLT path there). An order its customer created carries the customer's
// own wishes: its priority, station, tier and plot file are not taken for the cutter queue
// (the job gets NORMAL priority, no station, no tier bonus and no plot file unless the staff
// submitting it set them), so nobody moves their own order up the queue or points a cutter at
// a file of their choosing.
void fill_from_order(job_draft& d, const store::order_record& o) {
    const bool customer_made = !o.customer_id.empty() && o.created_by == o.customer_id;
    if (!d.priority) d.priority = customer_made ? k_priority_normal : priority_of_order(o.priority);
    if (d.station_id.empty() && !customer_made) d.station_id = o.station_id;
    thread_local simdjson::dom::parser parser;
    simdjson::dom::object attrs;
    if (parser.parse(o.attributes).get_object().get(attrs) != simdjson::SUCCESS) return;
    auto text = [&](std::string& out, std::initializer_list<const char*> keys) {
        if (!out.empty()) return;
        for (const char* k : keys) {
            std::string_view v;
            if (attrs[k].get_string().get(v) == simdjson::SUCCESS) {
                out = v;
                return;
            }
        }
    };
    if (!customer_made) {
        text(d.customer_tier, {"customerTier", "customer_tier", "tier"});
        text(d.plot_file, {"pltFilePath", "plotFile", "pltFile", "plt_file"});
    }
    text(d.garment_type, {"garmentType", "garment_type"});
    if (!d.fabric_required_cm) {
        for (const char* k : {"fabricRequiredCm", "fabric_required_cm"}) {
            double cm = 0;
            if (attrs[k].get_double().get(cm) == simdjson::SUCCESS) {
                d.fabric_required_cm = cm;
                break;
            }
        }
    }
}

}  // namespace

void write_queue_counts(core::json_writer& w, const queue_counts& c) {
    w.field("pending", c.pending).field("processing", c.processing).field("completed", c.completed);
    w.field("failed", c.failed).field("paused", c.paused).field("queued", c.queued).field("held", c.held);
    w.field("cancelled", c.cancelled).key("pausedStations").begin_array();
    for (const auto& st : c.paused_stations) w.string(st);
    w.end_array();
}

queue_service::queue_service(store::store& store, event_sink& events, const core::clock& clock,
                             order_service& orders, queue_settings settings)
    : store_(store), events_(events), clock_(clock), orders_(orders), settings_(std::move(settings)) {
    if (!settings_.spool_dir.empty()) {
        spool_ = std::make_unique<spool_folder>(settings_.spool_dir);
        const std::size_t n = spool_->rebuild(store_);
        spdlog::info("queue: spool folder {} rebuilt from the store ({} jobs)", settings_.spool_dir.string(),
                     n);
    }
}

// ---------------------------------------------------------------------------------------
// after the commit
// ---------------------------------------------------------------------------------------
void queue_service::after_commit(const auth::principal& who, const job_record* before,
                                 const job_record& after) {
    if (spool_) spool_->write(after);
    std::string data;
    data.reserve(384);
    core::json_writer w(data);
    w.begin_object().field("jobId", after.id).field_or_null("orderId", after.order_id);
    w.field("siteId", after.site_id).field_or_null("stationId", after.station_id);
    w.field_or_null("previousStatus",
                    before == nullptr ? std::string_view() : std::string_view(before->status));
    w.field("currentStatus", after.status).field("priority", after.priority);
    w.field("priorityName", priority_name(after.priority)).field("attempts", after.attempts);
    if (!after.error.empty()) w.field("error", after.error);
    if (after.status == s::queued && after.not_before_ms > after.updated_at_ms)
        w.key("retryAt").timestamp(after.not_before_ms);
    w.field("updatedBy", who.user_id).key("updatedAt").timestamp(after.updated_at_ms).end_object();
    try {
        events_.publish({"site:" + after.site_id + ":queue", "job_status_changed", std::move(data), false});
    } catch (const std::exception& e) {
        // The change is committed; a lost event must not turn the answer into an error.
        spdlog::error("queue: job_status_changed of {} not published: {}", after.id, e.what());
    }
    updates_.mark(after.site_id);
}

void queue_service::flush_updates() noexcept {
    for (const auto& site : updates_.take()) {
        try {
            auto uow = store_.begin(tx_mode::read);
            const queue_counts c = counts_of(*uow, site);
            uow.reset();
            std::string data;
            core::json_writer w(data);
            w.begin_object().field("siteId", site);
            write_queue_counts(w, c);
            w.key("updatedAt").timestamp(clock_.now_ms()).end_object();
            events_.publish({"site:" + site + ":queue", "queue_update", std::move(data), false});
            updates_.published(site, clock_.now_ms());
        } catch (const std::exception& e) {
            spdlog::error("queue: queue_update for site '{}' failed: {}", site, e.what());
            updates_.mark(site);  // try again on the next tick
        }
    }
}

void queue_service::heartbeat(std::int64_t every_ms) noexcept {
    if (!sites_known_) {
        try {
            auto uow = store_.begin(tx_mode::read);
            const std::int64_t now = clock_.now_ms();
            for (const auto& row : uow->jobs().count({})) updates_.know(row.site_id, now);
            sites_known_ = true;
        } catch (const std::exception& e) {
            spdlog::error("queue: the heartbeat could not read the sites: {}", e.what());
        }
    }
    try {
        for (const auto& site : updates_.quiet(clock_.now_ms(), every_ms))
            if (events_.has_subscribers("site:" + site + ":queue")) updates_.mark(site);
    } catch (const std::exception& e) {
        spdlog::error("queue: the heartbeat failed: {}", e.what());
    }
    flush_updates();
}

// ---------------------------------------------------------------------------------------
// submit
// ---------------------------------------------------------------------------------------
outcome<job_record> queue_service::submit(const auth::principal& who, const job_draft& draft,
                                          const idempotency* idem, bool* replayed) {
    return submit_job(who, draft, false, idem, replayed);
}

outcome<job_record> queue_service::submit_job(const auth::principal& who, const job_draft& draft,
                                              bool once_per_order, const idempotency* idem, bool* replayed) {
    // Admin and service may leave the site to the order.
    auto site = resolve_site(who, draft.site_id, !draft.order_id.empty());
    if (!site) return site.error();
    return guarded("submit the job", [&]() -> outcome<job_record> {
        auto uow = store_.begin(tx_mode::write);
        // The key remembers the job's id; a replay answers the job as it is now.
        auto earlier = find_earlier_request(*uow, who, idem, "job");
        if (!earlier) return earlier.error();
        if (*earlier) {
            if (auto first = uow->jobs().find((*earlier)->response_body)) {
                if (replayed) *replayed = true;
                return std::move(*first);
            }
        }
        job_draft d = draft;
        if (!d.order_id.empty()) {
            auto order = uow->orders().find(d.order_id);
            if (!order || (!auth::is_privileged(who.role) && order->site_id != *site))
                return domain::fail(
                    error_code::not_found,
                    fmt::format("order '{}' does not exist or is not of your site; check orderId",
                                d.order_id));
            if (site->empty()) *site = order->site_id;
            fill_from_order(d, *order);
            if (once_per_order) {
                store::job_filter f;
                f.order_id = d.order_id;
                f.limit = 1000;
                for (const auto& j : uow->jobs().list(f))
                    if (j.status != s::cancelled && j.status != s::failed) return j;  // already has one
            }
        }
        if (site->empty())
            return domain::fail(error_code::invalid_value,
                                "the order has no site: name the site with siteId to submit a job for it");
        const std::int64_t now = clock_.now_ms();
        const std::string day = day_of(now);
        job_record j;
        j.id = fmt::format("JOB-{}-{:03}", day, uow->jobs().next_number(day));
        j.order_id = d.order_id;
        j.site_id = *site;
        j.station_id = d.station_id;
        j.priority = d.priority.value_or(k_priority_normal);
        j.customer_tier = d.customer_tier;
        j.tier_bonus = settings_.tier_bonus(d.customer_tier);
        j.status = d.hold ? s::pending : s::queued;
        j.garment_type = d.garment_type;
        j.fabric_required_cm = d.fabric_required_cm;
        j.plot_file = d.plot_file;
        j.notes = d.notes;
        j.created_by = who.user_id;
        j.created_at_ms = j.updated_at_ms = now;
        if (!d.hold) j.queued_at_ms = now;
        uow->jobs().insert(j);
        remember_answer(*uow, who, idem, 201, j.id, now);
        uow->commit();
        after_commit(who, nullptr, j);
        return j;
    });
}

// ---------------------------------------------------------------------------------------
// reads
// ---------------------------------------------------------------------------------------
outcome<job_record> queue_service::get(const auth::principal& who, std::string_view id) {
    auto site = resolve_site(who, {}, true);
    if (!site) return site.error();
    return guarded("read the job", [&]() -> outcome<job_record> {
        auto job = store_.begin(tx_mode::read)->jobs().find(id);
        if (!job || !may_touch(who, *job)) return job_not_found(id);
        return std::move(*job);
    });
}

outcome<job_page> queue_service::list(const auth::principal& who, job_query q) {
    auto site = resolve_site(who, q.site_id, true);
    if (!site) return site.error();
    if (q.limit < 1 || q.limit > settings_.max_page_size)
        return domain::fail(error_code::invalid_value,
                            fmt::format("limit must be between 1 and {}", settings_.max_page_size));
    if (!q.status.empty() && std::find(s::all.begin(), s::all.end(), q.status) == s::all.end())
        return domain::fail(
            error_code::invalid_value,
            fmt::format("'{}' is not a job status; the statuses are {}", q.status, fmt::join(s::all, ", ")));
    store::job_filter f;
    f.site_id = *site;
    f.status = q.status;
    f.station_id = q.station_id;
    f.order_id = q.order_id;
    f.limit = q.limit + 1;
    if (!q.cursor.empty() && !decode_cursor(q.cursor, f))
        return domain::fail(error_code::invalid_message,
                            "cursor is not one this server issued; list again without it");
    return guarded("list jobs", [&]() -> outcome<job_page> {
        job_page page;
        page.jobs = store_.begin(tx_mode::read)->jobs().list(f);
        if (page.jobs.size() > static_cast<std::size_t>(q.limit)) {
            page.jobs.pop_back();
            page.next_cursor = encode_cursor(page.jobs.back().created_at_ms, page.jobs.back().id);
        }
        return page;
    });
}

queue_counts queue_service::counts_of(store::unit_of_work& uow, std::string_view site_id) {
    queue_counts c;
    c.site_id = site_id;
    for (const auto& row : uow.jobs().count(site_id)) {
        if (row.status == s::pending)
            c.pending += row.count;
        else if (row.status == s::queued) {
            c.pending += row.count;
            c.queued += row.count;
        } else if (row.status == s::paused)
            c.held += row.count;
        else if (row.status == s::processing)
            c.processing += row.count;
        else if (row.status == s::completed)
            c.completed += row.count;
        else if (row.status == s::failed)
            c.failed += row.count;
        else if (row.status == s::cancelled)
            c.cancelled += row.count;
    }
    for (const auto& p : uow.jobs().list_pauses(site_id)) {
        if (p.station_id.empty())
            c.paused = true;
        else
            c.paused_stations.push_back(p.station_id);
    }
    return c;
}

outcome<queue_counts> queue_service::status(const auth::principal& who, std::string_view site_id) {
    auto site = resolve_site(who, site_id, true);
    if (!site) return site.error();
    return guarded("read the queue status", [&]() -> outcome<queue_counts> {
        auto uow = store_.begin(tx_mode::read);
        return counts_of(*uow, *site);
    });
}

}  // namespace ordercast::domain::queue

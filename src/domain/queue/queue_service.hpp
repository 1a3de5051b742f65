#pragma once
// The production job queue (the factory's cutter queue): submit, claim, move and pause jobs.
//
// Every operation validates, writes in ONE store transaction, and only after its commit
// mirrors the job to the spool folder, publishes job_status_changed to site:{site}:queue
// and marks the site for a coalesced queue_update (flush_updates). The spool write and the
// publish happen while the unit of work still holds the store's writer, so they follow
// commit order.
//
// Access: staff (employee, operator, manager) of the job's site; admin and service
// everywhere. Customers are refused (403); jobs of another site read as 404.
//
// Threads: any (the HTTP handlers call it on their worker); each call blocks for its unit
// of work. flush_updates() runs on the application's timer.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "core/json_writer.hpp"
#include "domain/domain_error.hpp"
#include "domain/event_sink.hpp"
#include "domain/idempotency.hpp"
#include "domain/order_status_observer.hpp"
#include "domain/queue/job_model.hpp"
#include "domain/queue/job_request.hpp"
#include "domain/queue/queue_settings.hpp"
#include "domain/queue/queue_update_coalescer.hpp"
#include "domain/queue/spool_folder.hpp"
#include "store/records.hpp"

namespace ordercast::store {
class store;
class unit_of_work;
}  // namespace ordercast::store
namespace ordercast::domain {
class order_service;
}

namespace ordercast::domain::queue {

// GET /queue/status and queue_update: the factory dashboard's counters of one site (or of all sites).
struct queue_counts {
    std::string site_id;       // "" for every site
    std::int64_t pending = 0;  // PENDING + QUEUED: waiting for a cutter
    std::int64_t queued = 0;   // of which QUEUED
    std::int64_t held = 0;     // PAUSED jobs
    std::int64_t processing = 0;
    std::int64_t completed = 0;
    std::int64_t failed = 0;
    std::int64_t cancelled = 0;
    bool paused = false;  // the whole site's queue
    std::vector<std::string> paused_stations;
};

// The counters as JSON fields (no braces): pending, processing, completed, failed, paused,
// queued, held, cancelled, pausedStations. Shared by queue_update and GET /queue/status.
void write_queue_counts(core::json_writer& w, const queue_counts& c);

// The read-only figures other features (alerts, metrics_update) use per site.
struct queue_figures {
    std::string site_id;
    std::int64_t queued = 0;                          // QUEUED jobs
    std::map<std::string, std::int64_t> per_station;  // QUEUED jobs by station ("" : any station)
    double average_wait_s = 0;                        // of the QUEUED jobs, now
    double longest_wait_s = 0;
};

struct job_query {
    std::string site_id, status, station_id, order_id;
    std::string cursor;
    int limit = 100;
};

struct job_page {
    std::vector<store::job_record> jobs;
    std::string next_cursor;  // empty on the last page
};

// Node-wide figures for /metrics and /api/metrics (gauges computed on scrape).
struct queue_metrics {
    std::map<std::string, std::int64_t> by_status;           // "queued" -> n
    std::map<std::string, std::int64_t> queued_by_priority;  // "urgent" -> n
    double average_wait_s = 0;                               // started_at - queued_at over the last hour
    double p95_wait_s = 0;
    double failure_rate = 0;           // FAILED / (COMPLETED + FAILED), all time
    std::uint64_t failures_total = 0;  // fail requests since start, retried ones included
};

class queue_service final : public order_status_observer {
public:
    // All must outlive the service. `clock` stamps the jobs' times and measures how long
    // they have waited (aging, backoff, figures). Opens (creates) the spool folder when
    // configured and rebuilds it from the store; throws std::runtime_error or store_error
    // when it cannot.
    queue_service(store::store& store, event_sink& events, const core::clock& clock, order_service& orders,
                  queue_settings settings);

    // 201 with the job; 404 when orderId names no order the caller may see; 422 for a
    // site the caller may not use. With `idem`, a retried submit (same caller, key and
    // request) returns the job the first one made and sets *replayed; the same key with
    // another request is 422 IDEMPOTENCY_KEY_REUSED.
    outcome<store::job_record> submit(const auth::principal& who, const job_draft& draft,
                                      const idempotency* idem = nullptr, bool* replayed = nullptr);
    outcome<store::job_record> get(const auth::principal& who, std::string_view id);
    outcome<job_page> list(const auth::principal& who, job_query query);
    outcome<queue_counts> status(const auth::principal& who, std::string_view site_id);

    // Claims the best due job for the caller (optionally for one station). nullopt when none
    // is due; 409 QUEUE_PAUSED when the queue or the station is paused.
    outcome<std::optional<store::job_record>> process_next(const auth::principal& who, const job_action& a);
    // The transitions of job_model.hpp; 409 INVALID_JOB_STATUS when the job's status does
    // not allow the operation.
    outcome<store::job_record> process(const auth::principal& who, std::string_view id, const job_action& a);
    outcome<store::job_record> complete(const auth::principal& who, std::string_view id, const job_action& a);
    // Transient failures (a.transient, or an errorCode in queue.transient_errors) go back to
    // QUEUED with a backoff until queue.transient_retry_limit automatic retries were used.
    outcome<store::job_record> fail(const auth::principal& who, std::string_view id, const job_action& a);
    outcome<store::job_record> cancel(const auth::principal& who, std::string_view id, const job_action& a);
    outcome<store::job_record> retry(const auth::principal& who, std::string_view id);
    outcome<store::job_record> hold(const auth::principal& who, std::string_view id);
    outcome<store::job_record> release(const auth::principal& who, std::string_view id);
    outcome<store::job_record> set_priority(const auth::principal& who, std::string_view id, int priority);

    // Pauses or resumes the site's whole queue (a.station_id empty) or one station.
    outcome<queue_counts> set_paused(const auth::principal& who, const job_action& a, bool paused);

    // For other features; no access check (the caller decides who sees it). Never throws:
    // zeros when the store fails.
    queue_figures figures(std::string_view site_id) noexcept;
    queue_metrics metrics() noexcept;

    // Publishes one queue_update per site changed since the last call. Application timer.
    void flush_updates() noexcept;
    // The heartbeat: publishes a queue_update, as flush_updates does, for every site whose queue
    // channel has a subscriber and which had none for `every_ms` (the dashboards show the
    // counters as fresh; a new dashboard of a quiet site gets them). Sites are those with jobs in
    // the store (read at the first call, and quiet from then) and those updated since. Application timer, the
    // same thread as flush_updates.
    void heartbeat(std::int64_t every_ms) noexcept;
    // Adds a site to the heartbeat's even before it has jobs (the site of the dashboards that
    // connect without a token); its first heartbeat comes one interval from now. Any thread.
    void know_site(std::string_view site_id) { updates_.know(site_id, clock_.now_ms()); }

    // Auto-submission (queue.submit_on_order_status).
    void on_order_status_changed(const store::order_record& order,
                                 std::string_view previous_status) noexcept override;

    const queue_settings& settings() const noexcept { return settings_; }
    spool_folder* spool() noexcept { return spool_.get(); }

private:
    using mutation = std::function<std::optional<domain_error>(store::job_record&, store::unit_of_work&,
                                                               std::int64_t now)>;
    outcome<store::job_record> transition(const auth::principal& who, std::string_view id, job_op op,
                                          const mutation& change);
    outcome<store::job_record> submit_job(const auth::principal& who, const job_draft& draft,
                                          bool once_per_order, const idempotency* idem = nullptr,
                                          bool* replayed = nullptr);
    // Spool, job_status_changed, coalesced queue_update: after the commit, before the unit ends.
    void after_commit(const auth::principal& who, const store::job_record* before,
                      const store::job_record& after);
    void move_order_on(const store::job_record& job) noexcept;
    queue_counts counts_of(store::unit_of_work& uow, std::string_view site_id);

    store::store& store_;
    event_sink& events_;
    const core::clock& clock_;
    order_service& orders_;
    queue_settings settings_;
    std::unique_ptr<spool_folder> spool_;
    queue_update_coalescer updates_;
    bool sites_known_ = false;  // heartbeat() read the sites of the store (its thread only)
    std::atomic<std::uint64_t> failures_{0};
};

}  // namespace ordercast::domain::queue

// The job transitions of job_model.hpp, the claim (process-next) and pausing: each
// validates, writes one transaction, and calls after_commit before its unit of work ends.
#include <fmt/format.h>

#include "core/clock.hpp"
#include "core/json_writer.hpp"
#include "domain/queue/queue_access.hpp"
#include "domain/queue/queue_service.hpp"
#include "store/store.hpp"

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

domain_error refused(job_op op, const job_record& job) {
    std::string details;
    core::json_writer w(details);
    w.begin_object().field("currentStatus", job.status).key("allowedFrom").begin_array();
    for (auto st : transition_of(op).from) w.string(st);
    w.end_array().end_object();
    return domain::fail(
        error_code::invalid_job_status,
        fmt::format("cannot {} job '{}': it is {}; {} is possible only from {}", to_string(op), job.id,
                    job.status, to_string(op), fmt::join(transition_of(op).from, ", ")),
        std::move(details));
}

std::optional<domain_error> check_not_paused(store::unit_of_work& uow, std::string_view site,
                                             std::string_view station) {
    for (const auto& p : uow.jobs().list_pauses(site)) {
        if (p.station_id.empty())
            return domain::fail(
                error_code::queue_paused,
                fmt::format("the queue of site '{}' is paused; resume it (POST /queue/resume) first", site));
        if (!station.empty() && p.station_id == station)
            return domain::fail(
                error_code::queue_paused,
                fmt::format("station '{}' is paused; resume it (POST /queue/resume with stationId) first",
                            station));
    }
    return std::nullopt;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// transitions
// ---------------------------------------------------------------------------------------
outcome<job_record> queue_service::transition(const auth::principal& who, std::string_view id, job_op op,
                                              const mutation& change) {
    auto site = resolve_site(who, {}, true);
    if (!site) return site.error();
    return guarded("update the job", [&]() -> outcome<job_record> {
        auto uow = store_.begin(tx_mode::write);
        auto found = uow->jobs().find(id);
        if (!found || !may_touch(who, *found)) return job_not_found(id);
        const job_record& before = *found;
        if (!allows(op, before.status)) return refused(op, before);
        const std::int64_t now = clock_.now_ms();
        job_record after = before;
        const auto& to = transition_of(op).to;
        if (!to.empty()) after.status = to;
        if (auto refusal = change(after, *uow, now)) return *refusal;
        after.version = before.version + 1;
        after.updated_at_ms = now;
        if (!uow->jobs().update(after, before.version))
            return domain::fail(error_code::version_conflict,
                                "the job changed while this request ran; GET it and retry");
        uow->commit();
        after_commit(who, &before, after);
        return after;
    });
}

outcome<std::optional<job_record>> queue_service::process_next(const auth::principal& who,
                                                               const job_action& a) {
    auto site = resolve_site(who, a.site_id, false);
    if (!site) return site.error();
    return guarded("hand out the next job", [&]() -> outcome<std::optional<job_record>> {
        auto uow = store_.begin(tx_mode::write);
        if (auto paused = check_not_paused(*uow, *site, a.station_id)) return *paused;
        store::job_claim claim{*site, a.station_id, who.user_id, clock_.now_ms(), settings_.aging_per_ms};
        auto job = uow->jobs().claim_next(claim);
        if (!job) return std::optional<job_record>{};
        job_record before = *job;
        before.status = s::queued;
        uow->commit();
        after_commit(who, &before, *job);
        return job;
    });
}

outcome<job_record> queue_service::process(const auth::principal& who, std::string_view id,
                                           const job_action& a) {
    return transition(who, id, job_op::process,
                      [&](job_record& j, store::unit_of_work& uow, std::int64_t now) {
                          if (!a.station_id.empty()) j.station_id = a.station_id;
                          if (auto paused = check_not_paused(uow, j.site_id, j.station_id)) return paused;
                          j.operator_id = who.user_id;
                          j.started_at_ms = now;
                          j.attempts += 1;
                          return std::optional<domain_error>{};
                      });
}

outcome<job_record> queue_service::complete(const auth::principal& who, std::string_view id,
                                            const job_action& a) {
    auto done =
        transition(who, id, job_op::complete, [&](job_record& j, store::unit_of_work&, std::int64_t now) {
            j.completed_at_ms = now;
            if (!a.notes.empty()) j.notes = j.notes.empty() ? a.notes : j.notes + "\n" + a.notes;
            return std::optional<domain_error>{};
        });
    if (done) move_order_on(*done);
    return done;
}

outcome<job_record> queue_service::fail(const auth::principal& who, std::string_view id,
                                        const job_action& a) {
    if (a.error.empty())
        return domain::fail(error_code::invalid_value,
                            "say what went wrong: \"error\" is required to fail a job");
    auto failed =
        transition(who, id, job_op::fail, [&](job_record& j, store::unit_of_work&, std::int64_t now) {
            j.error = a.error;
            j.error_code = a.error_code;
            j.failed_at_ms = now;
            const bool transient = a.transient || settings_.is_transient(a.error_code);
            if (transient && j.auto_retries < settings_.transient_retry_limit) {
                // Back in line, keeping its place (queued_at), once the backoff has passed.
                j.auto_retries += 1;
                j.status = s::queued;
                j.not_before_ms = now + settings_.backoff_ms(j.auto_retries);
            }
            return std::optional<domain_error>{};
        });
    if (failed) failures_.fetch_add(1, std::memory_order_relaxed);
    return failed;
}

outcome<job_record> queue_service::cancel(const auth::principal& who, std::string_view id,
                                          const job_action& a) {
    return transition(who, id, job_op::cancel, [&](job_record& j, store::unit_of_work&, std::int64_t now) {
        j.cancelled_at_ms = now;
        if (!a.reason.empty())
            j.notes = j.notes.empty() ? "cancelled: " + a.reason : j.notes + "\ncancelled: " + a.reason;
        return std::optional<domain_error>{};
    });
}

outcome<job_record> queue_service::retry(const auth::principal& who, std::string_view id) {
    return transition(who, id, job_op::retry, [&](job_record& j, store::unit_of_work&, std::int64_t now) {
        j.auto_retries = 0;
        j.not_before_ms = 0;
        j.queued_at_ms = now;
        return std::optional<domain_error>{};
    });
}

outcome<job_record> queue_service::hold(const auth::principal& who, std::string_view id) {
    return transition(who, id, job_op::hold, [&](job_record& j, store::unit_of_work&, std::int64_t now) {
        j.paused_at_ms = now;
        return std::optional<domain_error>{};
    });
}

outcome<job_record> queue_service::release(const auth::principal& who, std::string_view id) {
    return transition(who, id, job_op::release, [&](job_record& j, store::unit_of_work&, std::int64_t now) {
        if (j.queued_at_ms == 0) {
            j.queued_at_ms = now;  // a PENDING job enters the line now
        } else if (j.paused_at_ms >= j.queued_at_ms) {
            // A held job neither ages nor keeps its FIFO place for the time it was held.
            j.queued_at_ms += now - j.paused_at_ms;
        }
        return std::optional<domain_error>{};
    });
}

outcome<job_record> queue_service::set_priority(const auth::principal& who, std::string_view id,
                                                int priority) {
    return transition(who, id, job_op::prioritize, [&](job_record& j, store::unit_of_work&, std::int64_t) {
        j.priority = priority;
        return std::optional<domain_error>{};
    });
}

outcome<queue_counts> queue_service::set_paused(const auth::principal& who, const job_action& a,
                                                bool paused) {
    auto site = resolve_site(who, a.site_id, false);
    if (!site) return site.error();
    return guarded(paused ? "pause the queue" : "resume the queue", [&]() -> outcome<queue_counts> {
        auto uow = store_.begin(tx_mode::write);
        const bool changed =
            uow->jobs().set_pause({*site, a.station_id, who.user_id, clock_.now_ms()}, paused);
        queue_counts c = counts_of(*uow, *site);
        uow->commit();
        if (changed) updates_.mark(*site);
        return c;
    });
}

}  // namespace ordercast::domain::queue

#include "domain/operations/operation_service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "core/json_writer.hpp"
#include "core/uuid.hpp"
#include "domain/operations/operation_access.hpp"
#include "domain/operations/operation_json.hpp"
#include "domain/order_service.hpp"
#include "domain/store_guard.hpp"
#include "store/store.hpp"
#include "store/store_error.hpp"

namespace ordercast::domain::operations {
namespace {

using core::error_code;
using store::operation_record;
using store::tx_mode;

constexpr int k_sweep_batch = 200;

domain_error not_found(std::string_view id) {
    return domain::fail(error_code::not_found,
                        fmt::format("operation '{}' does not exist or is not yours to see", id));
}

// After a commit: the change stands whatever happens here, so a failed publish is logged, not
// answered as a failure the caller would retry into OPERATION_FINISHED. How an operation
// ended also goes to its owner's personal channel, user:{owner}, the channel of personal
// notifications, where a client that never joined operation:{id} learns of it (as the shop
// app's user hears chitty_processed when the OCR of a handwritten list is done).
void publish(event_sink& events, const operation_record& op, std::string_view type) noexcept {
    try {
        std::string data = event_data(op);
        const bool ended = (type == "complete" || type == "error") && !op.owner_id.empty();
        events.publish({operation_channel(op.id), std::string(type), ended ? data : std::move(data), false});
        if (ended) events.publish({"user:" + op.owner_id, std::string(type), std::move(data), false});
    } catch (const std::exception& e) {
        spdlog::error("operations: the {} event of '{}' was committed but not published: {}", type, op.id,
                      e.what());
    }
}

// operation_owner_changed / operation_deleted: who the operation belonged to and who changed it.
void publish_ownership(event_sink& events, const operation_record& op, std::string_view type,
                       const operation_record* before, std::string_view by, std::int64_t now_ms) noexcept {
    try {
        std::string data;
        core::json_writer w(data);
        w.begin_object().field("operationId", op.id).field("kind", op.kind).field("status", op.status);
        w.field("owner", op.owner_id).field_or_null("site", op.site_id);
        if (before) w.field("previousOwner", before->owner_id).field_or_null("previousSite", before->site_id);
        w.field(before ? "changedBy" : "deletedBy", by);
        w.key("timestamp").timestamp(now_ms).end_object();
        events.publish({operation_channel(op.id), std::string(type), std::move(data), false});
    } catch (const std::exception& e) {
        spdlog::error("operations: the {} event of '{}' was committed but not published: {}", type, op.id,
                      e.what());
    }
}

// The same create again: a PUT retried by its caller.
bool same_creation(const operation_record& a, const operation_record& b) {
    return a.kind == b.kind && a.owner_id == b.owner_id && a.site_id == b.site_id && a.steps == b.steps &&
           a.created_by == b.created_by;
}

}  // namespace

operation_service::operation_service(store::store& store, event_sink& events, const core::clock& clock,
                                     const operations_config& config)
    : store_(store), events_(events), clock_(clock), config_(config) {}

outcome<created> operation_service::create(const auth::principal& who, const operation_draft& d,
                                           const idempotency* idem, create_mode mode) {
    operation_record op;
    op.owner_id = d.owner_id.empty() ? who.user_id : d.owner_id;
    op.site_id = d.site_id.empty() ? who.site : d.site_id;
    if (who.role == auth::role::customer && op.owner_id != who.user_id)
        return domain::fail(error_code::insufficient_permissions,
                            "a customer may only start operations for themselves; leave owner out");
    if (!auth::is_privileged(who.role) && op.site_id != who.site)
        return domain::fail(error_code::insufficient_permissions,
                            fmt::format("you belong to site '{}' and cannot start operations for site '{}'",
                                        who.site, op.site_id));
    op.id = d.id.empty() ? core::new_id() : d.id;
    op.kind = d.kind;
    op.status = k_status_pending;
    op.steps = d.steps;
    op.created_by = who.user_id;
    op.created_at_ms = op.updated_at_ms = op.last_progress_at_ms = clock_.now_ms();
    return guarded("create the operation", [&]() -> outcome<created> {
        auto uow = store_.begin(tx_mode::write);
        auto earlier = find_earlier_request(*uow, who, idem, "operation");
        if (!earlier) return earlier.error();
        if (*earlier) return created{(*earlier)->status, std::move((*earlier)->response_body), {}, true};
        if (!d.id.empty()) {
            if (auto taken = uow->operations().find(op.id)) {
                if (mode == create_mode::put && same_creation(*taken, op))
                    return created{202, created_operation_json(*taken), taken->id, true};
                return domain::fail(
                    error_code::already_exists,
                    fmt::format("operation '{}' already exists; choose another id, or leave it out and the "
                                "server makes one",
                                op.id),
                    fmt::format(R"({{"id":"{}"}})", op.id));  // a channel id: nothing to escape
            }
        }
        uow->operations().insert(op);
        created result{202, created_operation_json(op), op.id, false};
        remember_answer(*uow, who, idem, result.status, result.body, op.created_at_ms);
        uow->commit();
        return result;  // nobody can have joined operation:{id} yet: no event
    });
}

outcome<operation_record> operation_service::get(const auth::principal& who, std::string_view id) {
    return guarded("read the operation", [&]() -> outcome<operation_record> {
        auto op = store_.begin(tx_mode::read)->operations().find(id);
        if (!op || !operations::may_watch(who, *op)) return not_found(id);
        return std::move(*op);
    });
}

template <class Change>
outcome<operation_record> operation_service::change(const auth::principal& who, std::string_view id,
                                                    bool worker_only, Change&& apply) {
    return guarded("update the operation", [&]() -> outcome<operation_record> {
        auto uow = store_.begin(tx_mode::write);
        auto found = uow->operations().find(id);
        if (!found || !operations::may_watch(who, *found)) return not_found(id);
        operation_record op = std::move(*found);
        if (worker_only && !may_drive(who, op))
            return domain::fail(
                error_code::insufficient_permissions,
                "only the operation's worker (the token that created it), a service or an admin "
                "may report on it");
        if (is_finished(op))
            return domain::fail(
                error_code::operation_finished,
                fmt::format("operation '{}' has already ended ({}); start a new one", op.id, op.status),
                fmt::format(R"({{"status":"{}"}})", op.status));
        const std::int64_t before = op.version;
        const std::int64_t now = clock_.now_ms();
        std::optional<std::string> event;  // the type to publish, if the change is worth one
        if (auto refused = apply(op, now, event)) return *refused;
        op.version = before + 1;
        op.updated_at_ms = now;
        if (!uow->operations().update(op, before))
            return domain::fail(error_code::version_conflict,
                                "the operation changed while this call ran; retry it");
        uow->commit();
        if (event) publish(events_, op, *event);
        return op;
    });
}

outcome<operation_record> operation_service::report_progress(const auth::principal& who, std::string_view id,
                                                             const progress_report& r) {
    using result = std::optional<domain_error>;
    return change(
        who, id, true,
        [&](operation_record& op, std::int64_t now, std::optional<std::string>& event) -> result {
            auto progress = progress_of(r, count_steps(op.steps));
            if (!progress) return progress.error();
            if (*progress < op.progress)
                return domain::fail(
                    error_code::invalid_value,
                    fmt::format("progress never goes backwards: the operation is at {} and {} was reported",
                                op.progress, *progress),
                    fmt::format(R"({{"currentProgress":{}}})", op.progress));
            op.progress = *progress;
            if (r.step) op.step = *r.step;
            if (r.message) op.message = *r.message;
            op.status = k_status_running;
            op.last_progress_at_ms = now;
            event = "progress";
            return std::nullopt;
        });
}

outcome<operation_record> operation_service::complete(const auth::principal& who, std::string_view id,
                                                      const completion& c) {
    using result = std::optional<domain_error>;
    return change(who, id, true,
                  [&](operation_record& op, std::int64_t now, std::optional<std::string>& event) -> result {
                      op.status = k_status_completed;
                      op.step = "complete";
                      op.progress = 100;
                      op.message = c.message.empty() ? std::string("completed") : c.message;
                      op.result = c.result;
                      op.last_progress_at_ms = op.finished_at_ms = now;
                      event = "complete";
                      return std::nullopt;
                  });
}

outcome<operation_record> operation_service::fail(const auth::principal& who, std::string_view id,
                                                  const failure& f) {
    using result = std::optional<domain_error>;
    return change(who, id, true,
                  [&](operation_record& op, std::int64_t now, std::optional<std::string>& event) -> result {
                      op.status = f.code == "CANCELLED" ? k_status_cancelled : k_status_failed;
                      op.error_code = f.code;
                      op.error_details = f.details;
                      if (!f.message.empty()) op.message = f.message;
                      op.last_progress_at_ms = op.finished_at_ms = now;
                      event = "error";
                      return std::nullopt;
                  });
}

outcome<operation_record> operation_service::cancel(const auth::principal& who, std::string_view id) {
    using result = std::optional<domain_error>;
    return change(who, id, false,
                  [&](operation_record& op, std::int64_t, std::optional<std::string>& event) -> result {
                      if (!op.cancel_requested) event = "cancel_requested";
                      op.cancel_requested = true;
                      return std::nullopt;
                  });
}

outcome<operation_record> operation_service::reassign(const auth::principal& who, std::string_view id,
                                                      const operation_reassignment& r) {
    return guarded("reassign the operation", [&]() -> outcome<operation_record> {
        auto uow = store_.begin(tx_mode::write);
        auto found = uow->operations().find(id);
        if (!found || !operations::may_watch(who, *found)) return not_found(id);
        if (!auth::is_privileged(who.role))
            return domain::fail(error_code::insufficient_permissions,
                                "only an admin or a service may hand an operation to another owner or site");
        const operation_record before = *found;
        operation_record op = std::move(*found);
        if (r.owner_id) op.owner_id = *r.owner_id;
        if (r.site_id) op.site_id = *r.site_id;
        if (op.owner_id == before.owner_id && op.site_id == before.site_id) return op;
        const std::int64_t now = clock_.now_ms();
        op.version = before.version + 1;
        op.updated_at_ms = now;
        if (!uow->operations().update(op, before.version))
            return domain::fail(error_code::version_conflict,
                                "the operation changed while this call ran; retry it");
        uow->commit();
        publish_ownership(events_, op, "operation_owner_changed", &before, who.user_id, now);
        return op;
    });
}

outcome<operation_record> operation_service::remove(const auth::principal& who, std::string_view id) {
    return guarded("delete the operation", [&]() -> outcome<operation_record> {
        auto uow = store_.begin(tx_mode::write);
        auto found = uow->operations().find(id);
        if (!found || !operations::may_watch(who, *found)) return not_found(id);
        if (!auth::is_privileged(who.role))
            return domain::fail(
                error_code::insufficient_permissions,
                "only an admin or a service may delete an operation; ask to cancel it instead");
        uow->operations().remove(found->id);
        uow->commit();
        publish_ownership(events_, *found, "operation_deleted", nullptr, who.user_id, clock_.now_ms());
        return std::move(*found);
    });
}

int operation_service::sweep(std::int64_t now_ms, std::int64_t* deleted) noexcept {
    int failed = 0;
    try {
        const std::int64_t cutoff = now_ms - std::int64_t{config_.progress_timeout_s} * 1000;
        for (;;) {
            std::vector<operation_record> done;
            // Published while the writer is still held, like every other change (see
            // state_joining).
            auto uow = store_.begin(tx_mode::write);
            for (auto& op : uow->operations().list_stale(cutoff, k_sweep_batch)) {
                const std::int64_t before = op.version;
                op.status = k_status_failed;
                op.error_code = "TIMEOUT_ERROR";
                op.error_details = fmt::format("no progress for {} s (operations.progress_timeout_s)",
                                               config_.progress_timeout_s);
                op.message = "the operation timed out";
                op.version = before + 1;
                op.updated_at_ms = op.finished_at_ms = now_ms;
                if (uow->operations().update(op, before)) done.push_back(std::move(op));
            }
            uow->commit();
            for (const auto& op : done) publish(events_, op, "error");
            uow.reset();
            failed += static_cast<int>(done.size());
            if (done.size() < static_cast<std::size_t>(k_sweep_batch)) break;
        }
        const std::int64_t gone = store::with_write(store_, [&](store::unit_of_work& uow) {
            return uow.operations().delete_finished(now_ms - std::int64_t{config_.retention_s} * 1000);
        });
        if (deleted) *deleted += gone;
        if (failed != 0 || gone != 0)
            spdlog::info("operations: {} timed out, {} finished ones deleted", failed, gone);
    } catch (const std::exception& e) {
        spdlog::error("operations: sweep failed: {}", e.what());
    }
    return failed;
}

bool operation_service::may_watch(const auth::principal& who, std::string_view id) noexcept {
    try {
        auto op = store_.begin(tx_mode::read)->operations().find(id);
        return op && operations::may_watch(who, *op);
    } catch (const std::exception& e) {
        spdlog::error("store: ownership check of operation '{}' failed: {}", id, e.what());
        return false;
    }
}

subscriber_state operation_service::state_joining(std::string_view id,
                                                  const std::function<void()>& subscribe) {
    std::unique_ptr<store::unit_of_work> writer;  // held, never written: changes wait for the join
    std::optional<operation_record> op;
    try {
        writer = store_.begin(tx_mode::write);
        op = writer->operations().find(id);
    } catch (const std::exception& e) {
        spdlog::error("store: reading operation '{}' for a new subscriber failed: {}", id, e.what());
        writer.reset();
        op.reset();
    }
    subscribe();
    if (!op) return {};
    return {"operation_state", event_data(*op)};
}

}  // namespace ordercast::domain::operations

#pragma once
// How an operation looks on the wire: the REST resource, the data of its events on
// operation:{id} (the fields the scheduler's progress clients read, in camelCase), and the
// operation_state message a new subscriber gets first.
#include <string>
#include <string_view>

#include "core/json_writer.hpp"
#include "store/records.hpp"

namespace ordercast::domain::operations {

inline constexpr std::string_view k_status_pending = "pending";
inline constexpr std::string_view k_status_running = "running";
inline constexpr std::string_view k_status_completed = "completed";
inline constexpr std::string_view k_status_failed = "failed";
inline constexpr std::string_view k_status_cancelled = "cancelled";

[[nodiscard]] inline bool is_finished(const store::operation_record& op) noexcept {
    return op.finished_at_ms != 0;
}

// "operation:{id}"
std::string operation_channel(std::string_view id);

// The REST resource: id, kind, owner, site, status, step, progress, message, steps,
// cancelRequested, result?, error?, channel, createdAt, updatedAt, finishedAt?.
std::string operation_json(const store::operation_record& op);

// GET /schedule/{id}, the scheduler's own poll, in its snake_case: schedule_id (a number when
// the id is a decimal integer, as the scheduler numbers its schedules), status, step, progress,
// message, result (completed), error {code, details} (failed or cancelled), created_at,
// updated_at, finished_at.
std::string schedule_poll_json(const store::operation_record& op);

// The answer to a create: the resource plus operationId, websocketUrl ("/v1") and statusUrl.
std::string created_operation_json(const store::operation_record& op);

// The data of progress / complete / error / cancel_requested events and of
// operation_state: operationId, kind, status, step, progress, message, cancelRequested,
// timestamp, plus result (complete), error {code, details} (failed), final (finished).
void write_event_data(core::json_writer& w, const store::operation_record& op);
std::string event_data(const store::operation_record& op);

// The event type a state change publishes: complete, error (failed or cancelled), progress.
std::string_view event_type(const store::operation_record& op) noexcept;

}  // namespace ordercast::domain::operations

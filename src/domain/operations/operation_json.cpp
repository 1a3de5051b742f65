#include "domain/operations/operation_json.hpp"

#include <fmt/format.h>

#include "core/clock.hpp"
#include "core/json_id.hpp"

namespace ordercast::domain::operations {
namespace {

void write_error(core::json_writer& w, const store::operation_record& op) {
    w.key("error").begin_object().field("code", op.error_code);
    w.field_or_null("details", op.error_details);
    w.end_object();
}

}  // namespace

std::string operation_channel(std::string_view id) {
    return fmt::format("operation:{}", id);
}

std::string operation_json(const store::operation_record& op) {
    std::string out;
    out.reserve(512 + op.message.size() + op.result.size());
    core::json_writer w(out);
    w.begin_object().field("id", op.id).field("kind", op.kind).field("owner", op.owner_id);
    w.field_or_null("site", op.site_id);
    w.field("status", op.status);
    w.field_or_null("step", op.step);
    w.field("progress", op.progress);
    w.field_or_null("message", op.message);
    w.key("steps").raw(op.steps);
    w.field("cancelRequested", op.cancel_requested);
    if (!op.result.empty()) w.key("result").raw(op.result);
    if (!op.error_code.empty()) write_error(w, op);
    w.field("channel", operation_channel(op.id)).field("createdBy", op.created_by);
    w.key("createdAt").timestamp(op.created_at_ms);
    w.key("updatedAt").timestamp(op.updated_at_ms);
    w.timestamp_or_null("finishedAt", op.finished_at_ms);
    w.end_object();
    return out;
}

std::string schedule_poll_json(const store::operation_record& op) {
    std::string out;
    out.reserve(256 + op.message.size() + op.result.size());
    core::json_writer w(out);
    w.begin_object().key("schedule_id");
    core::write_id(w, op.id);
    w.field("status", op.status);
    w.field_or_null("step", op.step);
    w.field("progress", op.progress);
    w.field_or_null("message", op.message);
    w.key("result").raw(op.result.empty() ? std::string_view("null") : op.result);
    if (op.error_code.empty()) {
        w.key("error").null();
    } else {
        write_error(w, op);
    }
    w.key("created_at").timestamp(op.created_at_ms);
    w.key("updated_at").timestamp(op.updated_at_ms);
    w.timestamp_or_null("finished_at", op.finished_at_ms);
    w.end_object();
    return out;
}

std::string created_operation_json(const store::operation_record& op) {
    std::string body = operation_json(op);
    body.pop_back();  // the closing brace; ids are UUIDs, safe in JSON as they are
    fmt::format_to(std::back_inserter(body),
                   R"(,"operationId":"{0}","websocketUrl":"/v1","statusUrl":"/api/v1/operations/{0}"}})",
                   op.id);
    return body;
}

void write_event_data(core::json_writer& w, const store::operation_record& op) {
    w.begin_object().field("operationId", op.id).field("kind", op.kind).field("status", op.status);
    w.field_or_null("step", op.step);
    w.field("progress", op.progress);
    w.field_or_null("message", op.message);
    w.field("cancelRequested", op.cancel_requested);
    w.key("timestamp").timestamp(op.updated_at_ms);
    if (op.status == k_status_completed)
        w.key("result").raw(op.result.empty() ? std::string_view("null") : op.result);
    if (!op.error_code.empty()) write_error(w, op);
    if (is_finished(op)) w.field("final", true);
    w.end_object();
}

std::string event_data(const store::operation_record& op) {
    std::string out;
    out.reserve(256 + op.message.size() + op.result.size());
    core::json_writer w(out);
    write_event_data(w, op);
    return out;
}

std::string_view event_type(const store::operation_record& op) noexcept {
    if (op.status == k_status_completed) return "complete";
    if (op.status == k_status_failed || op.status == k_status_cancelled) return "error";
    return "progress";
}

}  // namespace ordercast::domain::operations

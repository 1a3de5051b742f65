#include "domain/queue/job_json.hpp"

#include "core/clock.hpp"
#include "domain/queue/job_model.hpp"

namespace ordercast::domain::queue {
namespace {

void text_or_null(core::json_writer& w, std::string_view key, std::string_view value) {
    w.key(key);
    if (value.empty())
        w.null();
    else
        w.string(value);
}

void time_or_null(core::json_writer& w, std::string_view key, std::int64_t ms) {
    w.key(key);
    if (ms == 0)
        w.null();
    else
        w.timestamp(ms);
}

// Seed 000 writes seconds ("2026-01-31T10:00:05Z"); we keep the milliseconds.
void spool_time(std::string& out, std::string_view key, std::int64_t ms, bool last = false) {
    out += "  \"";
    out += key;
    out += "\": ";
    if (ms == 0)
        out += "null";
    else {
        out += '"';
        core::append_iso8601(out, ms);
        out += '"';
    }
    out += last ? "\n" : ",\n";
}

void spool_text(std::string& out, std::string_view key, std::string_view value, bool null_when_empty) {
    out += "  \"";
    out += key;
    out += "\": ";
    if (value.empty() && null_when_empty)
        out += "null";
    else
        core::append_json_string(out, value);
    out += ",\n";
}

}  // namespace

void write_job(core::json_writer& w, const store::job_record& j) {
    w.begin_object().field("id", j.id);
    text_or_null(w, "orderId", j.order_id);
    w.field("siteId", j.site_id);
    text_or_null(w, "stationId", j.station_id);
    text_or_null(w, "operatorId", j.operator_id);
    w.field("priority", j.priority)
        .field("priorityName", priority_name(j.priority))
        .field("status", j.status);
    text_or_null(w, "customerTier", j.customer_tier);
    text_or_null(w, "garmentType", j.garment_type);
    w.key("fabricRequiredCm");
    if (j.fabric_required_cm)
        w.floating(*j.fabric_required_cm);
    else
        w.null();
    text_or_null(w, "plotFile", j.plot_file);
    w.field("notes", j.notes);
    text_or_null(w, "error", j.error);
    text_or_null(w, "errorCode", j.error_code);
    w.field("attempts", j.attempts).field("autoRetries", j.auto_retries);
    time_or_null(w, "notBefore", j.not_before_ms);
    w.field("version", j.version);
    text_or_null(w, "createdBy", j.created_by);
    w.key("createdAt").timestamp(j.created_at_ms).key("updatedAt").timestamp(j.updated_at_ms);
    time_or_null(w, "queuedAt", j.queued_at_ms);
    time_or_null(w, "startedAt", j.started_at_ms);
    time_or_null(w, "completedAt", j.completed_at_ms);
    time_or_null(w, "failedAt", j.failed_at_ms);
    time_or_null(w, "cancelledAt", j.cancelled_at_ms);
    time_or_null(w, "pausedAt", j.paused_at_ms);
    w.end_object();
}

std::string job_json(const store::job_record& job) {
    std::string out;
    out.reserve(768);
    core::json_writer w(out);
    write_job(w, job);
    return out;
}

std::string spool_json(const store::job_record& j) {
    std::string out;
    out.reserve(640);
    out += "{\n";
    spool_text(out, "job_id", j.id, false);
    spool_text(out, "order_id", j.order_id, true);
    out += "  \"priority\": " + std::to_string(j.priority) + ",\n";
    spool_text(out, "status", j.status, false);
    spool_text(out, "garment_type", j.garment_type, true);
    out += "  \"fabric_required_cm\": ";
    if (j.fabric_required_cm) {
        std::string number;
        core::json_writer(number).floating(*j.fabric_required_cm);
        out += number;
    } else {
        out += "null";
    }
    out += ",\n";
    spool_text(out, "plt_file", j.plot_file, true);
    spool_time(out, "created_at", j.created_at_ms);
    spool_time(out, "queued_at", j.queued_at_ms);
    spool_time(out, "started_at", j.started_at_ms);
    spool_time(out, "completed_at", j.completed_at_ms);
    spool_text(out, "cutter_id", j.station_id, true);
    spool_text(out, "operator", j.operator_id, true);
    spool_text(out, "error", j.error, true);
    out += "  \"attempts\": " + std::to_string(j.attempts) + ",\n";
    out += "  \"version\": " + std::to_string(j.version) + ",\n";
    out += "  \"notes\": ";
    core::append_json_string(out, j.notes);
    out += "\n}\n";
    return out;
}

}  // namespace ordercast::domain::queue

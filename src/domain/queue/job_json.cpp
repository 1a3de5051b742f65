#include "domain/queue/job_json.hpp"

#include "core/clock.hpp"
#include "domain/queue/job_model.hpp"

namespace ordercast::domain::queue {
namespace {

// The factory's own spool files have seconds ("2026-01-31T10:00:05Z"); we keep the milliseconds.
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
    w.field_or_null("orderId", j.order_id);
    w.field("siteId", j.site_id);
    w.field_or_null("stationId", j.station_id);
    w.field_or_null("operatorId", j.operator_id);
    w.field("priority", j.priority)
        .field("priorityName", priority_name(j.priority))
        .field("status", j.status);
    w.field_or_null("customerTier", j.customer_tier);
    w.field_or_null("garmentType", j.garment_type);
    w.field_or_null("fabricRequiredCm", j.fabric_required_cm);
    w.field_or_null("plotFile", j.plot_file);
    w.field("notes", j.notes);
    w.field_or_null("error", j.error);
    w.field_or_null("errorCode", j.error_code);
    w.field("attempts", j.attempts).field("autoRetries", j.auto_retries);
    w.timestamp_or_null("notBefore", j.not_before_ms);
    w.field("version", j.version);
    w.field_or_null("createdBy", j.created_by);
    w.key("createdAt").timestamp(j.created_at_ms).key("updatedAt").timestamp(j.updated_at_ms);
    w.timestamp_or_null("queuedAt", j.queued_at_ms);
    w.timestamp_or_null("startedAt", j.started_at_ms);
    w.timestamp_or_null("completedAt", j.completed_at_ms);
    w.timestamp_or_null("failedAt", j.failed_at_ms);
    w.timestamp_or_null("cancelledAt", j.cancelled_at_ms);
    w.timestamp_or_null("pausedAt", j.paused_at_ms);
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

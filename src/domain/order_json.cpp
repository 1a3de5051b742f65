#include "domain/order_json.hpp"

namespace ordercast::domain {
namespace {

void text_or_null(core::json_writer& w, std::string_view key, std::string_view value) {
    w.key(key);
    if (value.empty()) w.null();
    else w.string(value);
}

void time_or_null(core::json_writer& w, std::string_view key, std::int64_t ms) {
    w.key(key);
    if (ms == 0) w.null();
    else w.timestamp(ms);
}

}  // namespace

void write_order(core::json_writer& w, const store::order_record& o, std::string_view id_key,
                 const std::vector<store::order_note_record>* notes) {
    w.begin_object().field(id_key, o.id);
    text_or_null(w, "number", o.number);
    text_or_null(w, "customerId", o.customer_id);
    text_or_null(w, "siteId", o.site_id);
    text_or_null(w, "stationId", o.station_id);
    text_or_null(w, "assigneeId", o.assignee_id);
    w.field("status", o.status).field("priority", o.priority).key("items").raw(o.items);
    w.key("totalAmount");
    if (o.total_amount) w.floating(*o.total_amount);
    else w.null();
    text_or_null(w, "currency", o.currency);
    w.field("progress", o.progress);
    text_or_null(w, "stage", o.stage);
    w.key("estimatedTime");
    if (o.estimated_minutes) w.number(*o.estimated_minutes);
    else w.null();
    w.key("attributes").raw(o.attributes);
    w.field("syncStatus", o.sync_status).field("version", o.version);
    text_or_null(w, "createdBy", o.created_by);
    w.key("createdAt").timestamp(o.created_at_ms).key("updatedAt").timestamp(o.updated_at_ms);
    time_or_null(w, "completedAt", o.completed_at_ms);
    if (notes) {
        w.key("notes").begin_array();
        for (const auto& n : *notes) write_note(w, n);
        w.end_array();
    }
    w.end_object();
}

void write_note(core::json_writer& w, const store::order_note_record& n) {
    w.begin_object()
        .field("id", n.id)
        .field("orderId", n.order_id)
        .field("text", n.text)
        .field("addedBy", n.author_id)
        .key("createdAt")
        .timestamp(n.created_at_ms)
        .end_object();
}

void write_production_log(core::json_writer& w, const store::production_log_record& l) {
    w.begin_object().field("id", l.id).field("orderId", l.order_id).field("orderVersion", l.order_version);
    text_or_null(w, "stage", l.stage);
    text_or_null(w, "status", l.status);
    w.key("details").raw(l.details).field("processingTimeMs", l.processing_time_ms);
    text_or_null(w, "actorId", l.actor_id);
    w.key("timestamp").timestamp(l.created_at_ms).end_object();
}

void write_customer(core::json_writer& w, const store::customer_record& c) {
    w.begin_object().field("id", c.id).field("name", c.name);
    text_or_null(w, "email", c.email);
    text_or_null(w, "phone", c.phone);
    text_or_null(w, "siteId", c.site_id);
    w.key("defaultMeasurements").raw(c.default_measurements);
    w.key("createdAt").timestamp(c.created_at_ms).key("updatedAt").timestamp(c.updated_at_ms).end_object();
}

std::string order_json(const store::order_record& o, const std::vector<store::order_note_record>* notes) {
    std::string out;
    out.reserve(512 + o.items.size() + o.attributes.size());
    core::json_writer w(out);
    write_order(w, o, "id", notes);
    return out;
}

std::string customer_json(const store::customer_record& c) {
    std::string out;
    core::json_writer w(out);
    write_customer(w, c);
    return out;
}

std::string etag(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

}  // namespace ordercast::domain

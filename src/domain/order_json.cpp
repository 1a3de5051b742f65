#include "domain/order_json.hpp"

namespace ordercast::domain {
namespace {}  // namespace

void write_order(core::json_writer& w, const store::order_record& o, std::string_view id_key,
                 const std::vector<store::order_note_record>* notes) {
    w.begin_object().field(id_key, o.id);
    w.field_or_null("number", o.number);
    w.field_or_null("customerId", o.customer_id);
    w.field_or_null("siteId", o.site_id);
    w.field_or_null("stationId", o.station_id);
    w.field_or_null("assigneeId", o.assignee_id);
    w.field("status", o.status).field("priority", o.priority).key("items").raw(o.items);
    w.field_or_null("totalAmount", o.total_amount);
    w.field_or_null("currency", o.currency);
    w.field("progress", o.progress);
    w.field_or_null("stage", o.stage);
    w.field_or_null("estimatedTime", o.estimated_minutes);
    w.key("attributes").raw(o.attributes);
    w.field("syncStatus", o.sync_status).field("version", o.version);
    w.field_or_null("createdBy", o.created_by);
    w.key("createdAt").timestamp(o.created_at_ms).key("updatedAt").timestamp(o.updated_at_ms);
    w.timestamp_or_null("completedAt", o.completed_at_ms);
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
    w.field_or_null("stage", l.stage);
    w.field_or_null("status", l.status);
    w.key("details").raw(l.details).field("processingTimeMs", l.processing_time_ms);
    w.field_or_null("actorId", l.actor_id);
    w.key("timestamp").timestamp(l.created_at_ms).end_object();
}

void write_customer(core::json_writer& w, const store::customer_record& c) {
    w.begin_object().field("id", c.id).field("name", c.name);
    w.field_or_null("email", c.email);
    w.field_or_null("phone", c.phone);
    w.field_or_null("siteId", c.site_id);
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

std::string etag(std::int64_t version) {
    return "\"" + std::to_string(version) + "\"";
}

}  // namespace ordercast::domain

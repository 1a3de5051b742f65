#include "domain/order_events.hpp"

#include <simdjson.h>

#include <algorithm>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "core/json_writer.hpp"
#include "domain/order_json.hpp"

namespace ordercast::domain {
namespace {

using store::order_record;

// Starts the data object with the fields every order event carries: which order, and
// `order`, a summary of it after the change, so that a reader of one event (the factory dialect's
// flat order_update, say) has the whole picture without reading the store.
void begin_data(core::json_writer& w, const order_record& o) {
    w.begin_object().field("orderId", o.id);
    w.field_or_null("orderNumber", o.number);
    w.field("version", o.version);
    w.key("order").begin_object().field("status", o.status);
    w.field_or_null("stage", o.stage);
    w.field("progress", o.progress);
    w.field_or_null("siteId", o.site_id);
    w.field_or_null("customerId", o.customer_id);
    w.field_or_null("totalAmount", o.total_amount);
    w.field_or_null("currency", o.currency);
    w.key("updatedAt").timestamp(o.updated_at_ms);
    w.end_object();
}

// Copies the order's free attributes named in `keys` ({attribute, event field}) into the event,
// those it has: what the restaurant clients' events carry and no column stores (pickup code,
// order type, rating link ...), set by the backend through the order's `attributes`.
struct attribute_copy {
    std::string_view attribute, field;
};
void copy_attributes(core::json_writer& w, const order_record& o,
                     std::initializer_list<attribute_copy> keys) {
    if (o.attributes.size() <= 2) return;
    thread_local simdjson::dom::parser parser;
    simdjson::dom::object attributes;
    if (parser.parse(o.attributes).get_object().get(attributes) != simdjson::SUCCESS) return;
    for (const auto& [attribute, field] : keys) {
        simdjson::dom::element v;
        if (attributes[attribute].get(v) == simdjson::SUCCESS) w.key(field).raw(simdjson::minify(v));
    }
}

void add_unique(std::vector<std::string>& channels, std::string channel) {
    if (std::find(channels.begin(), channels.end(), channel) == channels.end())
        channels.push_back(std::move(channel));
}

}  // namespace

std::vector<std::string> order_channels(const order_record& o) {
    std::vector<std::string> out;
    out.reserve(5);
    out.push_back(fmt::format("order:{}", o.id));
    if (!o.customer_id.empty()) out.push_back(fmt::format("orders:customer:{}", o.customer_id));
    if (!o.site_id.empty()) out.push_back(fmt::format("site:{}:orders", o.site_id));
    if (!o.station_id.empty()) out.push_back(fmt::format("station:{}:orders", o.station_id));
    if (!o.assignee_id.empty()) out.push_back(fmt::format("orders:employee:{}", o.assignee_id));
    return out;
}

std::vector<order_event> events_for_create(const order_record& o) {
    order_event e{"order_created", {}, order_channels(o)};
    e.channels.erase(e.channels.begin());  // order:{id}: nobody can have joined it yet
    core::json_writer w(e.data);
    write_order(w, o, "orderId");
    std::vector<order_event> out;
    out.push_back(std::move(e));
    return out;
}

std::vector<order_event> events_for_update(const order_record& before, const order_record& after,
                                           const status_machine& machine, const change_context& ctx) {
    std::vector<order_event> out;
    const std::vector<std::string> channels = order_channels(after);
    auto emit = [&](std::string type, auto&& write_fields) {
        order_event e{std::move(type), {}, channels};
        core::json_writer w(e.data);
        begin_data(w, after);
        write_fields(w);
        w.end_object();
        out.push_back(std::move(e));
    };

    if (before.status != after.status) {
        emit("order_status_changed", [&](core::json_writer& w) {
            w.field("previousStatus", before.status)
                .field("currentStatus", after.status)
                .field("updatedBy", ctx.who.user_id);
            if (!ctx.message.empty()) w.field("message", ctx.message);
            if (after.estimated_minutes) w.field("estimatedTime", *after.estimated_minutes);
            w.key("updatedAt").timestamp(after.updated_at_ms);
        });
        if (after.status == "ready") {
            emit("order_ready", [&](core::json_writer& w) {
                w.field_or_null("stationId", after.station_id);
                w.field_or_null("customerId", after.customer_id);
                copy_attributes(w, after,
                                {{"pickupLocation", "pickupLocation"},
                                 {"pickupCode", "pickupCode"},
                                 {"pickupExpiresAt", "expiresAt"}});
            });
        }
        if (machine.is_completion(after.status)) {
            emit("order_completed", [&](core::json_writer& w) {
                w.key("completedAt").timestamp(after.completed_at_ms);
                w.field("durationMs", after.completed_at_ms - after.created_at_ms);
                copy_attributes(w, after, {{"rating", "rating"}});
            });
        } else if (after.status == "cancelled") {
            emit("order_cancelled", [&](core::json_writer& w) {
                w.field("previousStatus", before.status).field("cancelledBy", ctx.who.user_id);
                if (!ctx.reason.empty()) w.field("reason", ctx.reason);
                if (!ctx.message.empty()) w.field("message", ctx.message);
                if (ctx.refund_amount > 0) w.key("refundAmount").floating(ctx.refund_amount);
            });
        }
    }
    if (before.priority != after.priority) {
        emit("order_priority_changed", [&](core::json_writer& w) {
            w.field("previousPriority", before.priority).field("currentPriority", after.priority);
            w.field("updatedBy", ctx.who.user_id);
            if (!ctx.reason.empty()) w.field("reason", ctx.reason);
        });
    }
    if (before.station_id != after.station_id || before.assignee_id != after.assignee_id) {
        emit("order_assigned", [&](core::json_writer& w) {
            w.field_or_null("stationId", after.station_id);
            w.field_or_null("assigneeId", after.assignee_id);
            w.field_or_null("previousStationId", before.station_id);
            w.field_or_null("previousAssigneeId", before.assignee_id);
            w.field("assignedBy", ctx.who.user_id).key("items").raw(after.items);
            if (after.estimated_minutes) w.field("estimatedTime", *after.estimated_minutes);
            w.key("assignedAt").timestamp(after.updated_at_ms);
            copy_attributes(w, after,
                            {{"orderType", "orderType"},
                             {"customerName", "customerName"},
                             {"specialInstructions", "specialInstructions"}});
        });
        if (!before.station_id.empty())
            add_unique(out.back().channels, fmt::format("station:{}:orders", before.station_id));
        if (!before.assignee_id.empty())
            add_unique(out.back().channels, fmt::format("orders:employee:{}", before.assignee_id));
    }
    if (before.progress != after.progress || before.stage != after.stage) {
        emit("order_progress", [&](core::json_writer& w) {
            w.field_or_null("stage", after.stage);
            w.field("progress", after.progress).field("updatedBy", ctx.who.user_id);
        });
    }
    // The changes no event above reports (totals, items, attributes, the estimate) get one of
    // their own, so that every change is heard of: a client that follows an order as a whole
    // (the shop app's order_update) hears of every PATCH. A PATCH the events above describe
    // completely publishes no order_updated, and /v1 clients see what they always saw.
    const bool unreported = before.estimated_minutes != after.estimated_minutes ||
                            before.total_amount != after.total_amount || before.items != after.items ||
                            before.attributes != after.attributes;
    if (!unreported) return out;
    const std::pair<std::string_view, bool> changes[] = {
        {"status", before.status != after.status},
        {"priority", before.priority != after.priority},
        {"stationId", before.station_id != after.station_id},
        {"assigneeId", before.assignee_id != after.assignee_id},
        {"progress", before.progress != after.progress},
        {"stage", before.stage != after.stage},
        {"estimatedTime", before.estimated_minutes != after.estimated_minutes},
        {"totalAmount", before.total_amount != after.total_amount},
        {"items", before.items != after.items},
        {"attributes", before.attributes != after.attributes},
    };
    emit("order_updated", [&](core::json_writer& w) {
        w.key("changes").begin_array();
        for (const auto& [field, changed] : changes)
            if (changed) w.string(field);
        w.end_array();
        w.key("items").raw(after.items);
        w.field("updatedBy", ctx.who.user_id);
        w.key("updatedAt").timestamp(after.updated_at_ms);
    });
    return out;
}

order_event event_for_note(const order_record& o, const store::order_note_record& note) {
    order_event e{"order_note_added", {}, order_channels(o)};
    core::json_writer w(e.data);
    begin_data(w, o);
    w.field("noteId", note.id).field("note", note.text).field("addedBy", note.author_id);
    w.key("createdAt").timestamp(note.created_at_ms).end_object();
    return e;
}

void publish_events(event_sink& sink, std::vector<order_event>& events) {
    for (order_event& e : events) {
        for (std::size_t i = 0; i < e.channels.size(); ++i) {
            // The last channel takes the strings; the others copy them (the hub keeps each
            // event's data, so one copy per channel is unavoidable).
            const bool last = i + 1 == e.channels.size();
            sink.publish({std::move(e.channels[i]), last ? std::move(e.type) : e.type,
                          last ? std::move(e.data) : e.data, false});
        }
    }
}

}  // namespace ordercast::domain

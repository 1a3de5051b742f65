// The restaurant dialect: /v1's protocol (the same client messages, acknowledgements, replay,
// resume and limits; v1_dialect's code) spelt as the restaurant ordering clients spell it.
// Their frames name the site `cafeId` and the station `counterId`, their channels `cafe:` and
// `counter:`, and their events carry the catalogue's own fields (orderNumber, total,
// paymentRequired, pickupCode, refundAmount, counters ...). The canonical /v1 keeps neutral
// names for every other kind of client; a deployment for these clients gives this dialect the
// /v1 path instead.
//
// Every event is rendered once, by the table below, with the alias spelling of its channel:
// in this dialect every site: channel is spelt cafe: and every station: channel counter:, so
// the frame does not depend on how a subscriber named the channel and is shared by all of them.
#include <fmt/format.h>

#include <array>

#include "auth/channel_name.hpp"
#include "auth/role.hpp"
#include "core/clock.hpp"
#include "protocol/dialects/dialect_support.hpp"
#include "protocol/dialects/v1_dialect.hpp"
#include "protocol/v1_codec.hpp"

namespace ordercast::protocol {
namespace {

using core::error_code;
using ft = field_type;
using fs = field_source;

constexpr std::string_view k_version = "1.0";

// ---------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------

// The restaurant clients' spelling of a canonical channel: site:X:... as cafe:X:..., and
// station:X:... as counter:X:...; every other channel as it is.
void write_alias(core::json_writer& w, std::string_view canonical) {
    constexpr std::string_view k_site = "site:", k_station = "station:";
    std::string spelt;
    if (canonical.starts_with(k_site))
        spelt = fmt::format("cafe:{}", canonical.substr(k_site.size()));
    else if (canonical.starts_with(k_station))
        spelt = fmt::format("counter:{}", canonical.substr(k_station.size()));
    else
        return void(w.string(canonical));
    w.string(spelt);
}

// The least role that may join a channel of this shape, for INSUFFICIENT_PERMISSIONS'
// requiredRole: the clients show it to say whom to ask. Staff channels (a counter's, an
// employee's orders, a cafe's staff, orders and queue) need "staff"; a cafe's metrics and alerts
// a "manager"; anything else someone else's (another customer's orders), so "admin".
std::string_view required_role(std::string_view requested) {
    auto parsed = auth::parse_channel(requested);
    if (!parsed) return "admin";
    const auth::channel_name& c = parsed.value();
    switch (c.kind()) {
        case auth::channel_kind::station:
        case auth::channel_kind::employee_orders:
            return "staff";
        case auth::channel_kind::site:
            return c.sub_resource() == "metrics" || c.sub_resource() == "alerts" ? "manager" : "staff";
        default:
            return "admin";
    }
}

// What a refused client should do next, as its error's `action`.
std::string_view action_of(refusal why) {
    switch (why) {
        case refusal::missing_token:
        case refusal::bad_token:
        case refusal::expired_token:
        case refusal::no_subject:
            return "reconnect_with_new_token";
        case refusal::not_allowed:
            return "check_permissions";
        case refusal::too_many:
            return "close_other_connections";
        case refusal::rate_limited:
            return "reconnect_later";
    }
    return "reconnect_later";
}

// ---------------------------------------------------------------------------------------
// Computed event fields (publishing thread: no throw, no I/O)
// ---------------------------------------------------------------------------------------

double number_at(simdjson::dom::element e, std::string_view key, double fallback = 0) {
    double d = 0;
    if (e[key].get_double().get(d) == simdjson::SUCCESS) return d;
    std::int64_t n = 0;
    if (e[key].get_int64().get(n) == simdjson::SUCCESS) return static_cast<double>(n);
    return fallback;
}

void write_channel_alias(core::json_writer& w, const hub::event& ev, simdjson::dom::element) {
    write_alias(w, ev.channel);
}

void write_requires_ack(core::json_writer& w, const hub::event& ev, simdjson::dom::element) {
    w.boolean(ev.requires_ack);
}

// The order's attributes.paymentRequired when it is a boolean; else whether it has an amount
// to pay (totalAmount above zero).
void write_payment_required(core::json_writer& w, const hub::event&, simdjson::dom::element data) {
    bool required = false;
    if (data["attributes"]["paymentRequired"].get_bool().get(required) == simdjson::SUCCESS)
        return void(w.boolean(required));
    w.boolean(number_at(data, "totalAmount") > 0);
}

// The order's attributes.rating object ({enabled, url}), which the order service copies into
// order_completed; else rating is off.
void write_rating(core::json_writer& w, const hub::event&, simdjson::dom::element data) {
    simdjson::dom::object rating;
    if (data["rating"].get_object().get(rating) == simdjson::SUCCESS)
        return void(w.raw(simdjson::minify(rating)));
    w.begin_object().field("enabled", false).key("url").null().end_object();
}

// A refund is due when the order had successful payments (refundAmount, written by the order
// service from the payments at cancellation).
void write_refund_required(core::json_writer& w, const hub::event&, simdjson::dom::element data) {
    w.boolean(number_at(data, "refundAmount") > 0);
}

void write_refund_amount(core::json_writer& w, const hub::event&, simdjson::dom::element data) {
    w.floating(number_at(data, "refundAmount"));
}

void write_suggested_actions(core::json_writer& w, const hub::event&, simdjson::dom::element data) {
    simdjson::dom::array actions;
    if (data["suggestedActions"].get_array().get(actions) == simdjson::SUCCESS)
        return void(w.raw(simdjson::minify(actions)));
    w.begin_array().end_array();
}

// metrics_update's metrics: the site's hour as the status streams count it, revenue being the
// successful payments of the hour.
void write_metrics(core::json_writer& w, const hub::event&, simdjson::dom::element data) {
    simdjson::dom::element m;
    if (data["metrics"].get(m) != simdjson::SUCCESS || !m.is_object()) return void(w.null());
    w.begin_object();
    w.field("ordersReceived", support::integer(m, "ordersReceived"));
    w.field("ordersCompleted", support::integer(m, "ordersCompleted"));
    w.key("averageWaitTime").floating(number_at(m, "averageWaitTime"));
    w.key("revenue").floating(number_at(m, "revenue"));
    simdjson::dom::array top;
    w.key("topItems");
    if (m["topItems"].get_array().get(top) == simdjson::SUCCESS)
        w.raw(simdjson::minify(top));
    else
        w.begin_array().end_array();
    w.end_object();
}

// A station's status as these clients name it: an open counter is "active" (the word their
// counter_status_changed and metrics_update use); the other statuses keep their names.
std::string_view counter_status(std::string_view status) {
    return status == "open" ? std::string_view("active") : status;
}

// metrics_update's counters, from the streams' stations: the station's name and status when the
// stations carry them, else its id and "active" (a station is listed because orders queue there).
void write_counters(core::json_writer& w, const hub::event&, simdjson::dom::element data) {
    w.begin_array();
    simdjson::dom::array stations;
    if (data["stations"].get_array().get(stations) == simdjson::SUCCESS) {
        for (simdjson::dom::element st : stations) {
            const std::string_view id = support::text(st, "stationId");
            w.begin_object().field("counterId", id).field("name", support::text(st, "name", id));
            w.field("queueLength", support::integer(st, "queueLength"));
            w.key("averageTime").floating(number_at(st, "averageWaitTime"));
            w.field("status", counter_status(support::text(st, "status", "active"))).end_object();
        }
    }
    w.end_array();
}

void write_counter_status(core::json_writer& w, std::string_view status) {
    if (status.empty()) return void(w.null());
    w.string(counter_status(status));
}

void write_previous_counter_status(core::json_writer& w, const hub::event&, simdjson::dom::element data) {
    write_counter_status(w, support::text(data, "previousStatus"));
}

void write_current_counter_status(core::json_writer& w, const hub::event&, simdjson::dom::element data) {
    write_counter_status(w, support::text(data, "currentStatus"));
}

// An employee's status as these clients read it: the shift change when the change is one
// (clocked_in, clocked_out), else the status itself (available, busy, on_break, off_shift).
void write_employee_status(core::json_writer& w, const hub::event&, simdjson::dom::element data) {
    std::string_view shift_change = support::text(data, "shiftChange");
    w.string(shift_change.empty() ? support::text(data, "status") : shift_change);
}

// The floor's events these clients have no message for: station errors and maintenance,
// operators at machines, the end of a break, presence. They are not sent on this dialect
// rather than passed through under names the clients do not know.
constexpr std::string_view k_withheld[] = {
    "station_error",      "station_maintenance_started", "station_maintenance_completed",
    "operator_logged_in", "operator_logged_out",         "break_ended",
    "user_connected",     "user_disconnected",
};

bool withheld(std::string_view type) noexcept {
    for (std::string_view w : k_withheld)
        if (w == type) return true;
    return false;
}

// ---------------------------------------------------------------------------------------
// The event table: each event's data as the restaurant clients' catalogue prints it
// ---------------------------------------------------------------------------------------

constexpr wire_field k_order_created[] = {
    {"orderId", "orderId", ft::string},
    {"orderNumber", "number", ft::string, fs::data, "orderId"},
    {"status", "status", ft::string},
    {"items", "items", ft::any_or_null},
    {"total", "totalAmount", ft::number_or_null},
    {"estimatedTime", "estimatedTime", ft::number_or_null},
    {"paymentRequired",
     "attributes.paymentRequired, totalAmount",
     ft::object,
     fs::computed,
     {},
     write_payment_required},
};
constexpr wire_field k_order_status_changed[] = {
    {"orderId", "orderId", ft::string},
    {"previousStatus", "previousStatus", ft::string},
    {"currentStatus", "currentStatus", ft::string},
    {"updatedBy", "updatedBy"},
    {"estimatedTime", "estimatedTime", ft::number_or_null},
    {"message", "message"},
};
constexpr wire_field k_order_ready[] = {
    {"orderId", "orderId", ft::string},
    {"orderNumber", "orderNumber", ft::string, fs::data, "orderId"},
    {"pickupLocation", "pickupLocation", ft::string_or_null, fs::data, "stationId"},
    {"pickupCode", "pickupCode"},
    {"expiresAt", "expiresAt"},
};
constexpr wire_field k_order_completed[] = {
    {"orderId", "orderId", ft::string},
    {"completedAt", "completedAt"},
    {"rating", "rating", ft::object, fs::computed, {}, write_rating},
};
constexpr wire_field k_payment_processed[] = {
    {"orderId", "orderId", ft::string},
    {"transactionId", "transactionId"},
    {"amount", "amount", ft::number_or_null},
    {"method", "method"},
    {"status", "status"},
    {"receiptUrl", "receiptUrl"},
};
constexpr wire_field k_payment_failed[] = {
    {"orderId", "orderId", ft::string}, {"reason", "reason"},       {"message", "message"},
    {"retryUrl", "retryUrl"},           {"expiresAt", "expiresAt"},
};
constexpr wire_field k_order_assigned[] = {
    {"orderId", "orderId", ft::string},
    {"orderNumber", "orderNumber", ft::string, fs::data, "orderId"},
    {"items", "items", ft::any_or_null},
    {"orderType", "orderType"},
    {"customerName", "customerName"},
    {"specialInstructions", "specialInstructions"},
    {"estimatedTime", "estimatedTime", ft::number_or_null},
    {"assignedAt", "assignedAt"},
};
constexpr wire_field k_order_priority_changed[] = {
    {"orderId", "orderId", ft::string},
    {"previousPriority", "previousPriority"},
    {"currentPriority", "currentPriority"},
    {"reason", "reason"},
    {"updatedBy", "updatedBy"},
};
constexpr wire_field k_order_cancelled[] = {
    {"orderId", "orderId", ft::string},
    {"reason", "reason"},
    {"message", "message"},
    {"cancelledBy", "cancelledBy"},
    {"refundRequired", "refundAmount", ft::object, fs::computed, {}, write_refund_required},
    {"refundAmount", "refundAmount", ft::object, fs::computed, {}, write_refund_amount},
};
constexpr wire_field k_metrics_update[] = {
    {"period", "period"},
    {"metrics", "metrics", ft::object, fs::computed, {}, write_metrics},
    {"counters", "stations", ft::object, fs::computed, {}, write_counters},
};
constexpr wire_field k_alert[] = {
    {"severity", "severity"},
    {"category", "category"},
    {"message", "message"},
    {"counterId", "counterId", ft::string_or_null, fs::data, "stationId"},
    {"currentWaitTime", "currentWaitTime", ft::number_or_null, fs::data, "currentValue"},
    {"threshold", "threshold", ft::number_or_null},
    {"suggestedActions", "suggestedActions", ft::object, fs::computed, {}, write_suggested_actions},
};

constexpr wire_field k_counter_status_changed[] = {
    {"counterId", "stationId", ft::string},
    {"name", "name"},
    {"previousStatus", "previousStatus", ft::object, fs::computed, {}, write_previous_counter_status},
    {"currentStatus", "currentStatus", ft::object, fs::computed, {}, write_current_counter_status},
    {"reason", "reason"},
    {"estimatedDowntime", "estimatedDowntime", ft::number_or_null},
    {"affectedOrders", "affectedOrders", ft::any_or_null},
    {"updatedBy", "updatedBy"},
};
constexpr wire_field k_employee_status_changed[] = {
    {"employeeId", "employeeId", ft::string},
    {"name", "name"},
    {"status", "shiftChange, status", ft::object, fs::computed, {}, write_employee_status},
    {"location", "location"},
    {"shift", "shift", ft::object_or_null},
};
constexpr wire_field k_break_started[] = {
    {"employeeId", "employeeId", ft::string},
    {"name", "name"},
    {"breakType", "breakType"},
    {"duration", "duration", ft::number_or_null},
    {"coveringEmployees", "coveringEmployees", ft::any_or_null},
    {"returnTime", "returnTime"},
};

constexpr event_row k_event_rows[] = {
    {"order_created", "order_created", k_order_created},
    {"order_status_changed", "order_status_changed", k_order_status_changed},
    {"order_ready", "order_ready", k_order_ready},
    {"order_completed", "order_completed", k_order_completed},
    {"payment_processed", "payment_processed", k_payment_processed},
    {"payment_failed", "payment_failed", k_payment_failed},
    {"order_assigned", "order_assigned", k_order_assigned},
    {"order_priority_changed", "order_priority_changed", k_order_priority_changed},
    {"order_cancelled", "order_cancelled", k_order_cancelled},
    {"metrics_update", "metrics_update", k_metrics_update},
    {"alert", "alert", k_alert},
    {"counter_status_changed", "counter_status_changed", k_counter_status_changed},
    {"employee_status_changed", "employee_status_changed", k_employee_status_changed},
    {"break_started", "break_started", k_break_started},
};

// The envelope after data: where the event was published (as the clients spell it), when, its
// place in the channel for acks and resume, and the protocol version.
constexpr wire_field k_trailer[] = {
    {"channel", "channel", ft::string, fs::computed, {}, write_channel_alias},
    {"timestamp", "timestamp", ft::timestamp, fs::envelope},
    {"messageId", "messageId", ft::string, fs::envelope},
    {"seq", "seq", ft::integer, fs::envelope},
    {"epoch", "epoch", ft::string, fs::envelope},
    {"requiresAck", "requiresAck", ft::object, fs::computed, {}, write_requires_ack},
    {"version", k_version, ft::string, fs::constant},
};

constexpr event_table k_events{k_event_rows, "data", k_trailer, true};

constexpr std::array<message_row, 19> k_messages = {{
    {message_row::way::in, "subscribe / unsubscribe / reconnect / ping / ack / refresh_token",
     "as /v1 (channels may be spelt cafe: and counter:)", "as /v1"},
    {message_row::way::in, "order_status_update / ack_alert / cancel_operation", "as /v1", "as /v1"},
    {message_row::way::out, "connection_established", "(on connect)",
     "connectionId, userId, userType, cafeId, capabilities, serverTime"},
    {message_row::way::out, "subscription_confirmed", "(answer to subscribe)",
     "channels (as cafe: and counter:), failed[{channel, reason}], recovered?"},
    {message_row::way::out, "error", "(a refusal)",
     "code, message, action (authentication) or channel, requiredRole (permissions) or retryAfter, limit, "
     "window (rate)"},
    {message_row::way::out, "order_created", "order_created",
     "orderId, orderNumber, status, items, total, estimatedTime, paymentRequired"},
    {message_row::way::out, "order_status_changed", "order_status_changed",
     "orderId, previousStatus, currentStatus, updatedBy, estimatedTime, message"},
    {message_row::way::out, "order_ready", "order_ready",
     "orderId, orderNumber, pickupLocation, pickupCode, expiresAt"},
    {message_row::way::out, "order_completed", "order_completed", "orderId, completedAt, rating"},
    {message_row::way::out, "payment_processed", "payment_processed",
     "orderId, transactionId, amount, method, status, receiptUrl"},
    {message_row::way::out, "payment_failed", "payment_failed",
     "orderId, reason, message, retryUrl, expiresAt"},
    {message_row::way::out, "order_assigned", "order_assigned",
     "orderId, orderNumber, items, orderType, customerName, specialInstructions, estimatedTime, assignedAt"},
    {message_row::way::out, "order_priority_changed", "order_priority_changed",
     "orderId, previousPriority, currentPriority, reason, updatedBy"},
    {message_row::way::out, "order_cancelled", "order_cancelled",
     "orderId, reason, message, cancelledBy, refundRequired, refundAmount"},
    {message_row::way::out, "metrics_update", "metrics_update", "period, metrics, counters"},
    {message_row::way::out, "alert", "alert",
     "severity, category, message, counterId, currentWaitTime, threshold, suggestedActions"},
    {message_row::way::out, "counter_status_changed", "counter_status_changed",
     "counterId, name, previousStatus, currentStatus, reason, estimatedDowntime, affectedOrders, updatedBy"},
    {message_row::way::out, "employee_status_changed", "employee_status_changed",
     "employeeId, name, status, location, shift"},
    {message_row::way::out, "break_started", "break_started",
     "employeeId, name, breakType, duration, coveringEmployees, returnTime"},
}};

class restaurant_dialect final : public v1_dialect {
public:
    explicit restaurant_dialect(const core::config& cfg)
        : v1_dialect(dialect_id::restaurant, cfg, k_version) {}

    void render_connected(reply_sink& out, const session_view& view,
                          const std::vector<std::string>&) const override {
        std::string text;
        core::json_writer w(text);
        w.begin_object().field("type", "connection_established").key("data").begin_object();
        w.field("connectionId", view.connection_id)
            .field("userId", view.who.user_id)
            .field("userType", auth::to_string(view.who.role));
        w.field_or_null("cafeId", view.who.site);
        w.key("capabilities")
            .begin_array()
            .string("order_updates")
            .string("status_notifications")
            .string("replay")
            .string("acks")
            .string("refresh_token")
            .end_array();
        w.key("serverTime").timestamp(view.now_ms).end_object();
        w.key("timestamp").timestamp(view.now_ms).field("version", k_version).end_object();
        out.send(text);
    }

    // error {code, message, action}, then 1008 with the code as the reason.
    refusal_frame render_refusal(refusal why, std::string_view detail) const override {
        refusal_frame f;
        const error_code code = refusal_code(why);
        envelope e(f.text, "error");
        e.data()
            .field("code", core::to_string(code))
            .field("message", detail)
            .field("action", action_of(why));
        e.finish();
        stamp(f.text);
        f.close = {1008, std::string(core::to_string(code))};
        return f;
    }

    // As /v1, and then one INSUFFICIENT_PERMISSIONS error per channel the matrix refused, naming
    // it as the client did and the role it needs (a message with a messageId got its
    // message_error from /v1 instead).
    void render_joined(reply_sink& out, const request& asked, const join_outcome& o) const override {
        v1_dialect::render_joined(out, asked, o);
        if (!asked.message_id.empty() || asked.what == request::op::unsubscribe) return;
        for (const failed_channel& f : o.failed) {
            if (f.why != join_failure::not_allowed) continue;
            std::string text;
            envelope e(text, "error", asked.correlation_id);
            e.data()
                .field("code", core::to_string(error_code::insufficient_permissions))
                .field("message", fmt::format("Access denied to channel: {}", f.channel))
                .field("channel", f.channel)
                .field("requiredRole", required_role(f.channel));
            e.finish();
            stamp(text);
            out.send(text);
        }
    }

    bool render_event(std::string& out, const hub::event& ev, simdjson::dom::element data) const override {
        if (withheld(ev.type)) return false;
        return support::render_event(out, k_events, ev, data);
    }

    std::span<const message_row> messages() const noexcept override { return k_messages; }
    const event_table* events() const noexcept override { return &k_events; }

protected:
    void write_channel(core::json_writer& w, std::string_view canonical) const override {
        write_alias(w, canonical);
    }
    // No positions: these clients resume by lastMessageId.
    void write_join_extras(core::json_writer& w, const join_outcome& o) const override {
        if (o.asked_resume) w.field("recovered", o.recovered);
    }
};

}  // namespace

std::unique_ptr<dialect> make_restaurant_dialect(const core::config& cfg) {
    return std::make_unique<restaurant_dialect>(cfg);
}

}  // namespace ordercast::protocol

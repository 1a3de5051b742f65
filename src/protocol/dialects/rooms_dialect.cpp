// The rooms dialect, the manufacturing system's rooms clients: `{"action": ...}` requests
// answered with the same action, rooms joined on connect (branch, user, role), and events as
// `{"type":"order:status_changed","data":{...},"timestamp"}`, named as that system's event
// catalogue names them. Rooms are channels (auth/room_name): every join still passes the
// permission matrix and ownership.
#include <fmt/format.h>

#include <array>

#include "auth/room_name.hpp"
#include "core/clock.hpp"
#include "protocol/dialect.hpp"
#include "protocol/dialects/dialect_support.hpp"

namespace ordercast::protocol {
namespace {

enum answer : std::uint8_t { k_subscribe_to_order, k_subscribe, k_unsubscribe, k_get_rooms, k_get_status };

constexpr std::array<message_row, 30> k_messages = {{
    {message_row::way::in, "ping", "(answered at once)", "action"},
    {message_row::way::in, "getRooms", "(the connection's rooms)", "action"},
    {message_row::way::in, "getStatus", "(the connection)", "action"},
    {message_row::way::in, "subscribeToOrder", "join order:{orderId}", "action, data{orderId}"},
    {message_row::way::in, "subscribe", "join a room's channels", "action, data{room}"},
    {message_row::way::in, "unsubscribe", "leave a room's channels", "action, data{room}"},
    {message_row::way::out, "pong", "(answer to ping)", "action, timestamp"},
    {message_row::way::out, "getRooms", "(answer)", "action, rooms, count"},
    {message_row::way::out, "getStatus", "(answer)",
     "action, connectionId, userId, role, branchId, rooms, connectedAt, serverTime"},
    {message_row::way::out, "subscribeToOrder / subscribe / unsubscribe", "(answer)",
     "action, success, orderId or room, error?"},
    {message_row::way::out, "order:created", "order_created",
     "orderId, orderNumber, customerId, branchId, status, priority, totalAmount, createdAt"},
    {message_row::way::out, "order:status_changed", "order_status_changed",
     "orderId, orderNumber, oldStatus, newStatus, timestamp"},
    {message_row::way::out, "order:priority_changed", "order_priority_changed",
     "orderId, oldPriority, newPriority"},
    {message_row::way::out, "order:assigned", "order_assigned", "orderId, machineId, operatorId"},
    {message_row::way::out, "order:note_added", "order_note_added", "orderId, note, addedBy"},
    {message_row::way::out, "order:completed", "order_completed", "orderId, completedAt, duration"},
    {message_row::way::out, "machine:status_changed", "counter_status_changed",
     "machineId, oldStatus, newStatus"},
    {message_row::way::out, "machine:error", "station_error", "machineId, error, timestamp"},
    {message_row::way::out, "machine:maintenance_started", "station_maintenance_started",
     "machineId, reason, estimatedDowntime, startedAt"},
    {message_row::way::out, "machine:maintenance_completed", "station_maintenance_completed",
     "machineId, completedAt, duration"},
    {message_row::way::out, "operator:logged_in", "operator_logged_in", "operatorId, machineId, timestamp"},
    {message_row::way::out, "operator:logged_out", "operator_logged_out", "operatorId, machineId, duration"},
    {message_row::way::out, "operator:clocked_in", "employee_status_changed",
     "operatorId, machineId, timestamp"},
    {message_row::way::out, "operator:clocked_out", "employee_status_changed",
     "operatorId, machineId, duration"},
    {message_row::way::out, "operator:status_changed", "employee_status_changed",
     "operatorId, oldStatus, newStatus"},
    {message_row::way::out, "operator:break_started", "break_started",
     "operatorId, breakType, duration, returnTime"},
    {message_row::way::out, "operator:break_ended", "break_ended", "operatorId, duration"},
    {message_row::way::out, "user:connected", "user_connected", "userId, role"},
    {message_row::way::out, "user:disconnected", "user_disconnected", "userId, role, duration"},
    {message_row::way::out, "notification:alert; any type with ':'", "alert; published `type:name` events",
     "alertId, message, severity; the published data as it is"},
}};

// The connection's rooms, from its canonical channels, in join order, each once.
std::vector<std::string> rooms_of(const session_view& view) {
    std::vector<std::string> rooms;
    for (std::string_view channel : view.channels) {
        std::string room = auth::room_of(channel);
        if (std::find(rooms.begin(), rooms.end(), room) == rooms.end()) rooms.push_back(std::move(room));
    }
    return rooms;
}

void write_rooms(core::json_writer& w, const std::vector<std::string>& rooms) {
    w.key("rooms").begin_array();
    for (const auto& r : rooms) w.string(r);
    w.end_array();
}

using ft = field_type;
using fs = field_source;

// The data of each event as the rooms clients' catalogue shapes it.
constexpr wire_field k_order_created[] = {
    {"orderId", "orderId"},
    {"orderNumber", "number"},
    {"customerId", "customerId"},
    {"branchId", "siteId"},
    {"status", "status"},
    {"priority", "priority"},
    {"totalAmount", "totalAmount", ft::number_or_null},
    {"createdAt", "createdAt"},
};
constexpr wire_field k_order_status_changed[] = {
    {"orderId", "orderId"},         {"orderNumber", "orderNumber"}, {"oldStatus", "previousStatus"},
    {"newStatus", "currentStatus"}, {"timestamp", "updatedAt"},
};
constexpr wire_field k_order_priority_changed[] = {
    {"orderId", "orderId"},
    {"oldPriority", "previousPriority"},
    {"newPriority", "currentPriority"},
};
constexpr wire_field k_order_assigned[] = {
    {"orderId", "orderId"},
    {"machineId", "stationId"},
    {"operatorId", "assigneeId"},
};
constexpr wire_field k_order_note_added[] = {
    {"orderId", "orderId"},
    {"note", "note"},
    {"addedBy", "addedBy"},
};
constexpr wire_field k_order_completed[] = {
    {"orderId", "orderId"},
    {"completedAt", "completedAt"},
    {"duration", "durationMs", ft::number_or_null},
};
constexpr wire_field k_alert[] = {
    {"alertId", "alertId"},
    {"message", "message"},
    {"severity", "severity"},
};

// The floor: stations are the manufacturing system's machines, staff its operators.
constexpr wire_field k_machine_status_changed[] = {
    {"machineId", "stationId"},
    {"oldStatus", "previousStatus"},
    {"newStatus", "currentStatus"},
};
constexpr wire_field k_machine_error[] = {
    {"machineId", "stationId"},
    {"error", "error"},
    {"timestamp", "timestamp"},
};
constexpr wire_field k_machine_maintenance_started[] = {
    {"machineId", "stationId"},
    {"reason", "reason"},
    {"estimatedDowntime", "estimatedDowntime", ft::number_or_null},
    {"startedAt", "startedAt"},
};
constexpr wire_field k_machine_maintenance_completed[] = {
    {"machineId", "stationId"},
    {"completedAt", "completedAt"},
    {"duration", "durationMs", ft::number_or_null},
};
constexpr wire_field k_operator_logged_in[] = {
    {"operatorId", "operatorId"},
    {"machineId", "stationId"},
    {"timestamp", "timestamp"},
};
constexpr wire_field k_operator_logged_out[] = {
    {"operatorId", "operatorId"},
    {"machineId", "stationId"},
    {"duration", "durationMs", ft::number_or_null},
};
constexpr wire_field k_operator_clocked_in[] = {
    {"operatorId", "employeeId"},
    {"machineId", "stationId"},
    {"timestamp", "updatedAt"},
};
constexpr wire_field k_operator_clocked_out[] = {
    {"operatorId", "employeeId"},
    {"machineId", "stationId"},
    {"duration", "shiftDurationMs", ft::number_or_null},
};
constexpr wire_field k_operator_status_changed[] = {
    {"operatorId", "employeeId"},
    {"oldStatus", "previousStatus"},
    {"newStatus", "status"},
};
constexpr wire_field k_operator_break_started[] = {
    {"operatorId", "employeeId"},
    {"breakType", "breakType"},
    {"duration", "duration", ft::number_or_null},
    {"returnTime", "returnTime"},
};
constexpr wire_field k_operator_break_ended[] = {
    {"operatorId", "employeeId"},
    {"duration", "durationMs", ft::number_or_null},
};
constexpr wire_field k_user_connected[] = {
    {"userId", "userId"},
    {"role", "role"},
};
constexpr wire_field k_user_disconnected[] = {
    {"userId", "userId"},
    {"role", "role"},
    {"duration", "durationMs", ft::number_or_null},
};

constexpr event_row k_event_rows[] = {
    {"order_created", "order:created", k_order_created},
    {"order_status_changed", "order:status_changed", k_order_status_changed},
    {"order_priority_changed", "order:priority_changed", k_order_priority_changed},
    {"order_assigned", "order:assigned", k_order_assigned},
    {"order_note_added", "order:note_added", k_order_note_added},
    {"order_completed", "order:completed", k_order_completed},
    {"alert", "notification:alert", k_alert},
    {"counter_status_changed", "machine:status_changed", k_machine_status_changed},
    {"station_error", "machine:error", k_machine_error},
    {"station_maintenance_started", "machine:maintenance_started", k_machine_maintenance_started},
    {"station_maintenance_completed", "machine:maintenance_completed", k_machine_maintenance_completed},
    {"operator_logged_in", "operator:logged_in", k_operator_logged_in},
    {"operator_logged_out", "operator:logged_out", k_operator_logged_out},
    {"employee_status_changed",
     "operator:clocked_in",
     k_operator_clocked_in,
     {},
     "shiftChange",
     "clocked_in"},
    {"employee_status_changed",
     "operator:clocked_out",
     k_operator_clocked_out,
     {},
     "shiftChange",
     "clocked_out"},
    {"employee_status_changed", "operator:status_changed", k_operator_status_changed},
    {"break_started", "operator:break_started", k_operator_break_started},
    {"break_ended", "operator:break_ended", k_operator_break_ended},
    {"user_connected", "user:connected", k_user_connected},
    {"user_disconnected", "user:disconnected", k_user_disconnected},
};
// Every frame: {"type", "data": {<the row's fields>}, "timestamp"}.
constexpr wire_field k_trailer[] = {
    {"timestamp", "timestamp", ft::timestamp, fs::envelope},
};
constexpr event_table k_events{k_event_rows, "data", k_trailer};

class rooms_dialect final : public dialect {
public:
    explicit rooms_dialect(const core::config& cfg)
        : dialect(dialect_id::rooms,
                  dialect_limits{cfg.limits.subscriptions_per_connection, cfg.limits.messages_per_minute,
                                 cfg.limits.message_burst, cfg.limits.max_message_bytes, 0}),
          connect_rooms_(cfg.dialect_rooms.connect_rooms) {}

    std::vector<connect_channel> connect_channels(const auth::principal& who,
                                                  std::string_view) const override {
        std::vector<connect_channel> out;
        for (const auto& pattern : connect_rooms_) {
            std::string room = pattern;
            bool complete = true;
            auto fill = [&](std::string_view name, std::string_view value) {
                for (auto at = room.find(name); at != std::string::npos;
                     at = room.find(name, at + value.size())) {
                    if (value.empty()) complete = false;
                    room.replace(at, name.size(), value);
                }
            };
            fill("{site}", who.site);
            fill("{sub}", who.user_id);
            fill("{role}", auth::to_string(who.role));
            if (!complete) continue;
            if (auto target = auth::resolve_room(room))
                for (auto& channel : target->joins) out.push_back({std::move(channel), false});
        }
        return out;
    }

    // The rooms clients' gateway answers a refused $connect with 401 Unauthorized; over
    // WebSocket that is 1008.
    refusal_frame render_refusal(refusal why, std::string_view) const override {
        if (why == refusal::rate_limited) return {{}, {1008, "rate limit exceeded"}};
        return {{}, {1008, why == refusal::too_many ? "Too many connections" : "Unauthorized"}};
    }

    request parse(std::string_view frame, std::string_view) const override {
        auto obj = support::parse_frame(frame);
        if (!obj) return support::close_invalid_json();
        request r;
        const std::string_view action = support::text(*obj, "action");
        simdjson::dom::element data;
        const bool has_data = (*obj)["data"].get(data) == simdjson::SUCCESS && data.is_object();
        if (action == "ping") {
            r.what = request::op::ping;
        } else if (action == "getRooms" || action == "getStatus") {
            r.what = request::op::status;
            r.shape = action == "getRooms" ? k_get_rooms : k_get_status;
        } else if (action == "subscribeToOrder") {
            auto order = has_data ? support::id_text(data, "orderId") : std::nullopt;
            if (!order) return error_reply(action, "INVALID_MESSAGE", "subscribeToOrder needs data.orderId");
            r.what = request::op::subscribe;
            r.shape = k_subscribe_to_order;
            r.target = *order;
            r.channels.push_back("order:" + *order);
        } else if (action == "subscribe" || action == "unsubscribe") {
            std::string_view room = has_data ? support::text(data, "room") : std::string_view();
            if (room.empty())
                return error_reply(action, "INVALID_MESSAGE", fmt::format("{} needs data.room", action));
            r.what = action == "subscribe" ? request::op::subscribe : request::op::unsubscribe;
            r.shape = action == "subscribe" ? k_subscribe : k_unsubscribe;
            r.target = room;
            if (auto target = auth::resolve_room(room))
                r.channels = std::move(target->joins);
            else
                r.channels.push_back(std::string(room));  // refused by the session as unknown_channel
        } else {
            return error_reply(
                "error", "UNKNOWN_TYPE",
                fmt::format("unknown action '{}'; use ping, getRooms, getStatus, subscribeToOrder, "
                            "subscribe or unsubscribe",
                            action));
        }
        return r;
    }

    void render_pong(reply_sink& out, const request&, std::int64_t) const override {
        std::string text;
        core::json_writer w(text);
        w.begin_object().field("action", "pong").key("timestamp").timestamp(core::unix_ms()).end_object();
        out.send(text);
    }

    void render_joined(reply_sink& out, const request& asked, const join_outcome& o) const override {
        std::string text;
        core::json_writer w(text);
        const bool order = asked.shape == k_subscribe_to_order;
        w.begin_object().field("action", order                        ? "subscribeToOrder"
                                         : asked.shape == k_subscribe ? "subscribe"
                                                                      : "unsubscribe");
        w.field("success", !o.joined.empty());
        w.field(order ? "orderId" : "room", asked.target);
        if (o.joined.empty()) w.field("error", error_of(asked, o));
        w.end_object();
        out.send(text);
        for (const auto& [channel, state] : o.first_states) render_first_state(out, channel, state);
    }

    void render_status(reply_sink& out, const request& asked, const session_view& view) const override {
        const auto rooms = rooms_of(view);
        std::string text;
        core::json_writer w(text);
        if (asked.shape == k_get_rooms) {
            w.begin_object().field("action", "getRooms");
            write_rooms(w, rooms);
            w.field("count", static_cast<std::int64_t>(rooms.size())).end_object();
            out.send(text);
            return;
        }
        w.begin_object().field("action", "getStatus").field("connectionId", view.connection_id);
        w.field("userId", view.who.user_id).field("role", auth::to_string(view.who.role));
        w.key("branchId");
        if (view.who.site.empty())
            w.null();
        else
            w.string(view.who.site);
        write_rooms(w, rooms);
        w.key("connectedAt")
            .timestamp(view.connected_at_ms)
            .key("serverTime")
            .timestamp(view.now_ms)
            .end_object();
        out.send(text);
    }

    void render_rate_limited(reply_sink& out, const request&, int retry_after_s) const override {
        std::string text;
        core::json_writer w(text);
        w.begin_object().field("action", "error").field("error", "RATE_LIMIT_EXCEEDED");
        w.field("message", "too many messages; this one was dropped")
            .field("retryAfter", retry_after_s)
            .end_object();
        out.send(text);
    }

    bool render_event(std::string& out, const hub::event& ev, simdjson::dom::element data) const override {
        if (support::render_event(out, k_events, ev, data)) return true;
        if (ev.type.find(':') == std::string::npos) return false;
        // machine:*, operator:*, dashboard:*, notification:*, ... as the backend published them.
        core::json_writer w(out);
        w.begin_object().field("type", ev.type).key("data").raw(ev.data);
        w.key("timestamp").timestamp(ev.timestamp_ms).end_object();
        return true;
    }
    const event_table* events() const noexcept override { return &k_events; }

    std::span<const message_row> messages() const noexcept override { return k_messages; }

private:
    // Why nothing was joined (or left): the first failure's reason; leaving a room the
    // connection is not in, whatever its name, is "not_subscribed".
    static std::string_view error_of(const request& asked, const join_outcome& o) {
        if (o.failed.empty()) return "not_allowed";
        if (asked.what == request::op::unsubscribe) return "not_subscribed";
        return reason_text(o.failed.front());
    }

    static request error_reply(std::string_view action, std::string_view code, std::string_view message) {
        request r;
        r.what = request::op::reply;
        core::json_writer w(r.text);
        w.begin_object().field("action", action).field("success", false).field("error", code);
        w.field("message", message).end_object();
        return r;
    }

    std::vector<std::string> connect_rooms_;
};

}  // namespace

std::unique_ptr<dialect> make_rooms_dialect(const core::config& cfg) {
    return std::make_unique<rooms_dialect>(cfg);
}

}  // namespace ordercast::protocol

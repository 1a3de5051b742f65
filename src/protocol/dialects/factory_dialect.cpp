// The factory dialect: the Pattern Factory dashboard's WebSocket protocol, on /ws. A
// connection joins what its role sees without asking (its site's orders, queue, alerts, the
// system status — the dashboard's Python client only listens), may subscribe to one order by its
// number, acknowledge alerts and ping. Frames are flat: {"type":"order_update","order_id",...}.
// The dashboard's clients send no token: dialect_factory.anonymous_role admits them.
#include <fmt/format.h>

#include <array>

#include "auth/role.hpp"
#include "core/clock.hpp"
#include "protocol/dialect.hpp"
#include "protocol/dialects/dialect_support.hpp"

namespace ordercast::protocol {
namespace {

enum answer : std::uint8_t { k_subscribe, k_ack_alert };

constexpr std::array<message_row, 10> k_messages = {{
    {message_row::way::in, "subscribe", "join order:{id} (by order id or number)", "action, order_id"},
    {message_row::way::in, "ack_alert", "ack_alert", "action, alert_id"},
    {message_row::way::in, "ping", "(answered at once)", "action"},
    {message_row::way::out, "order_update",
     "order_created, order_status_changed, order_progress, order_assigned, order_priority_changed",
     "order_id, status, stage, progress, timestamp"},
    {message_row::way::out, "queue_update", "queue_update", "pending, processing, completed, timestamp"},
    {message_row::way::out, "alert", "alert", "alert_id, severity, message, timestamp"},
    {message_row::way::out, "system_status", "system_status",
     "status, active_orders, api_latency_ms, timestamp"},
    {message_row::way::out, "pong", "(answer to ping)", "timestamp"},
    {message_row::way::out, "subscribed", "(answer to subscribe)", "order_id, timestamp"},
    {message_row::way::out, "error / warning", "(a refused command; a message over the rate limit)",
     "code, message, order_id or alert_id or retry_after, timestamp"},
}};

using ft = field_type;
using fs = field_source;

// order_id is the order's number ("ORDER-001"), the dashboard's name for an order; orders
// without one show their id. order_created carries the order itself; the other order events
// carry its summary under "order".
constexpr wire_field k_order_created[] = {
    {"order_id", "number", ft::string, fs::data, "orderId"},
    {"status", "status"},
    {"stage", "stage"},
    {"progress", "progress", ft::integer},
    {"timestamp", "updatedAt"},
};
constexpr wire_field k_order_changed[] = {
    {"order_id", "orderNumber", ft::string, fs::data, "orderId"},
    {"status", "status", ft::string_or_null, fs::scope},
    {"stage", "stage", ft::string_or_null, fs::scope},
    {"progress", "progress", ft::integer, fs::scope},
    {"timestamp", "updatedAt", ft::string_or_null, fs::scope},
};
constexpr wire_field k_queue_update[] = {
    {"pending", "pending", ft::integer},
    {"processing", "processing", ft::integer},
    {"completed", "completed", ft::integer},
    {"timestamp", "timestamp", ft::timestamp, fs::envelope},
};
constexpr wire_field k_alert[] = {
    {"alert_id", "alertId"},
    {"severity", "severity"},
    {"message", "message"},
    {"timestamp", "timestamp", ft::timestamp, fs::envelope},
};
constexpr wire_field k_system_status[] = {
    {"status", "status"},
    {"active_orders", "activeOrders", ft::number_or_null},
    {"api_latency_ms", "apiLatencyMs", ft::number_or_null},
    {"timestamp", "timestamp", ft::timestamp, fs::envelope},
};

constexpr event_row k_event_rows[] = {
    {"order_created", "order_update", k_order_created},
    {"order_status_changed", "order_update", k_order_changed, "order"},
    {"order_progress", "order_update", k_order_changed, "order"},
    {"order_assigned", "order_update", k_order_changed, "order"},
    {"order_priority_changed", "order_update", k_order_changed, "order"},
    {"queue_update", "queue_update", k_queue_update},
    {"alert", "alert", k_alert},
    {"system_status", "system_status", k_system_status},
};
constexpr event_table k_events{k_event_rows};

void write_timestamp(core::json_writer& w, std::int64_t ms) {
    w.key("timestamp").timestamp(ms);
}

// {"type":"error","code","message",<id key>:<id>,"timestamp"}
void write_error(std::string& out, std::string_view code, std::string_view message, std::string_view id_key,
                 std::string_view id) {
    core::json_writer w(out);
    w.begin_object().field("type", "error").field("code", code).field("message", message);
    if (!id_key.empty()) w.field(id_key, id);
    write_timestamp(w, core::unix_ms());
    w.end_object();
}

// Fills {site}, {sub}, {role} and {stations} of a channel template for `who`; a template
// naming something `who` does not have (no site, say) gives nothing.
std::vector<std::string> expand(std::string_view pattern, const auth::principal& who) {
    std::string s(pattern);
    auto fill = [&](std::string_view name, std::string_view value) {
        for (auto at = s.find(name); at != std::string::npos; at = s.find(name, at + value.size()))
            s.replace(at, name.size(), value);
    };
    if ((s.find("{site}") != std::string::npos && who.site.empty()) ||
        (s.find("{stations}") != std::string::npos && who.stations.empty()))
        return {};
    fill("{site}", who.site);
    fill("{sub}", who.user_id);
    fill("{role}", auth::to_string(who.role));
    if (s.find("{stations}") == std::string::npos) return {s};
    std::vector<std::string> out;
    for (const auto& station : who.stations) {
        std::string one = s;
        for (auto at = one.find("{stations}"); at != std::string::npos; at = one.find("{stations}", at))
            one.replace(at, 10, station);
        out.push_back(std::move(one));
    }
    return out;
}

class factory_dialect final : public dialect {
public:
    explicit factory_dialect(const core::config& cfg)
        : dialect(dialect_id::factory, dialect_limits{cfg.dialect_factory.subscriptions_per_connection,
                                                      cfg.dialect_factory.messages_per_minute,
                                                      cfg.dialect_factory.message_burst, 65536, 0}),
          connect_(cfg.dialect_factory.connect_channels) {
        const auto& f = cfg.dialect_factory;
        if (f.anonymous_role.empty()) return;
        auto role = auth::parse_role(f.anonymous_role);
        if (!role)
            throw core::config_error(
                fmt::format("dialect_factory.anonymous_role: '{}' is not a role; use customer, employee, "
                            "operator, manager, admin "
                            "or service, or leave it empty to refuse connections without a token",
                            f.anonymous_role));
        anonymous_ = auth::principal{"anonymous", *role, f.anonymous_site, {}, 0};
    }

    std::optional<auth::principal> anonymous(std::string_view) const override { return anonymous_; }

    std::vector<connect_channel> connect_channels(const auth::principal& who,
                                                  std::string_view) const override {
        std::vector<connect_channel> out;
        for (const auto& pattern : connect_)
            for (auto& channel : expand(pattern, who)) out.push_back({std::move(channel), false});
        return out;
    }

    // The dashboard's server sends an error frame, then closes 1008 "Unauthorized"; its client
    // tells a refusal from a dropped network by that code.
    refusal_frame render_refusal(refusal why, std::string_view detail) const override {
        refusal_frame f;
        if (why == refusal::rate_limited) return {{}, {1008, "rate limit exceeded"}};
        const std::string_view code = why == refusal::expired_token ? "TOKEN_EXPIRED"
                                      : why == refusal::too_many    ? "CONNECTION_LIMIT"
                                      : why == refusal::not_allowed ? "INSUFFICIENT_PERMISSIONS"
                                                                    : "AUTHENTICATION_FAILED";
        write_error(f.text, code, detail, {}, {});
        f.close = {1008, "Unauthorized"};
        return f;
    }

    request parse(std::string_view frame, std::string_view) const override {
        auto obj = support::parse_frame(frame);
        if (!obj) return support::close_invalid_json();
        request r;
        const std::string_view action = support::text(*obj, "action");
        if (action == "ping") {
            r.what = request::op::ping;
        } else if (action == "subscribe") {
            auto order = support::id_text(*obj, "order_id");
            if (!order)
                return error_reply("INVALID_MESSAGE",
                                   "subscribe needs \"order_id\": the order's number or id");
            r.what = request::op::join_order;
            r.shape = k_subscribe;
            r.target = std::move(*order);
        } else if (action == "ack_alert") {
            auto alert = support::id_text(*obj, "alert_id");
            if (!alert) return error_reply("INVALID_MESSAGE", "ack_alert needs \"alert_id\"");
            if (alert->empty()) {  // what /v1's message table says of an empty alertId
                r.what = request::op::reply;
                write_error(r.text, "INVALID_MESSAGE", "'ack_alert': data.alertId must be a non-empty string",
                            "alert_id", *alert);
                return r;
            }
            r.what = request::op::command;
            r.shape = k_ack_alert;
            r.target = *alert;
            r.cmd = {command_kind::ack_alert, {{"alertId", *alert}}};
        } else {
            return error_reply(
                "UNKNOWN_TYPE",
                action.empty()
                    ? std::string("a message needs \"action\": subscribe, ack_alert or ping")
                    : fmt::format("unknown action '{}'; use subscribe, ack_alert or ping", action));
        }
        return r;
    }

    void render_pong(reply_sink& out, const request&, std::int64_t) const override {
        std::string text;
        core::json_writer w(text);
        w.begin_object().field("type", "pong");
        write_timestamp(w, core::unix_ms());
        w.end_object();
        out.send(text);
    }

    void render_joined(reply_sink& out, const request& asked, const join_outcome& o) const override {
        std::string text;
        if (!o.joined.empty()) {
            core::json_writer w(text);
            w.begin_object().field("type", "subscribed").field("order_id", asked.target);
            write_timestamp(w, core::unix_ms());
            w.end_object();
        } else {
            const join_failure why = o.failed.empty() ? join_failure::not_found : o.failed.front().why;
            if (why == join_failure::subscription_limit)
                write_error(text, "SUBSCRIPTION_LIMIT",
                            fmt::format("at most {} subscriptions per connection",
                                        limits().subscriptions_per_connection),
                            "order_id", asked.target);
            else if (why == join_failure::not_found)
                write_error(text, "NOT_FOUND", "no order has this number or id", "order_id", asked.target);
            else
                write_error(text, "INSUFFICIENT_PERMISSIONS", "you may not follow this order", "order_id",
                            asked.target);
        }
        out.send(text);
        for (const auto& [channel, state] : o.first_states) render_first_state(out, channel, state);
    }

    // The dashboard expects no answer to an acknowledged alert; a refusal says why.
    void render_result(reply_sink& out, const request& asked, const command_outcome& o) const override {
        if (o.ok) return;
        std::string text;
        write_error(text, core::to_string(o.code), o.message, "alert_id", asked.target);
        out.send(text);
    }

    // A message over the rate is dropped with a warning, not an error: the dashboard keeps the
    // connection and retries after `retry_after`.
    void render_rate_limited(reply_sink& out, const request&, int retry_after_s) const override {
        std::string text;
        core::json_writer w(text);
        w.begin_object().field("type", "warning").field("code", "RATE_LIMIT_EXCEEDED");
        w.field("message", fmt::format("at most {} messages per second; this one was dropped",
                                       limits().messages_per_minute / 60));
        w.field("retry_after", retry_after_s);
        write_timestamp(w, core::unix_ms());
        w.end_object();
        out.send(text);
    }

    bool render_event(std::string& out, const hub::event& ev, simdjson::dom::element data) const override {
        return support::render_event(out, k_events, ev, data);
    }
    const event_table* events() const noexcept override { return &k_events; }

    std::span<const message_row> messages() const noexcept override { return k_messages; }

private:
    static request error_reply(std::string_view code, std::string_view message) {
        request r;
        r.what = request::op::reply;
        write_error(r.text, code, message, {}, {});
        return r;
    }

    std::vector<std::string> connect_;
    std::optional<auth::principal> anonymous_;
};

}  // namespace

std::unique_ptr<dialect> make_factory_dialect(const core::config& cfg) {
    return std::make_unique<factory_dialect>(cfg);
}

}  // namespace ordercast::protocol

// The progress dialect, the scheduler's progress clients: one operation per connection, on
// /ws/schedule/{id} and /ws/operations/{id}. The current state comes first, then progress /
// complete / error; the server pings in JSON and the client pongs; the connection closes 1000
// when the operation ends (the client reconnects on any other code), and 1008 with the reasons
// the scheduler's server gives when it is refused.
#include <fmt/format.h>

#include <array>

#include "core/clock.hpp"
#include "protocol/dialect.hpp"
#include "protocol/dialects/dialect_support.hpp"

namespace ordercast::protocol {
namespace {

constexpr std::string_view k_finished = "operation finished";
// What the scheduler's server says when a connection's schedule is no longer the user's.
constexpr std::string_view k_unauthorized = "Unauthorized";

constexpr std::array<message_row, 7> k_messages = {{
    {message_row::way::in, "pong", "(activity)", "timestamp"},
    {message_row::way::in, "cancel", "cancel_operation", "(the path's operation)"},
    {message_row::way::out, "progress", "progress, operation_state", "step, progress, message, timestamp"},
    {message_row::way::out, "complete", "complete, operation_state",
     "step, progress, message, timestamp, result"},
    {message_row::way::out, "error", "error, operation_state",
     "step, progress, message, timestamp, error{code, details}"},
    {message_row::way::out, "ping", "(heartbeat)", "timestamp"},
    {message_row::way::out, "cancel_refused", "(cancel_operation refused)", "error{code, details}"},
}};

using ft = field_type;
using fs = field_source;

// {code, details}: the worker's error object, or, for an operation that failed or was
// cancelled without one, the status's code and the operation's message.
void write_error_object(core::json_writer& w, const hub::event&, simdjson::dom::element data) {
    simdjson::dom::element error;
    w.begin_object();
    if (data["error"].get(error) == simdjson::SUCCESS && error.is_object()) {
        w.field("code", support::text(error, "code", "EXECUTION_ERROR"));
        support::copy(w, "details", error, "details");
    } else {
        w.field("code", support::text(data, "status") == "cancelled" ? "CANCELLED" : "EXECUTION_ERROR");
        w.field("details", support::text(data, "message"));
    }
    w.end_object();
}

constexpr wire_field k_progress[] = {
    {"step", "step", ft::string},
    {"progress", "progress", ft::integer},
    {"message", "message", ft::string},
    {"timestamp", "timestamp"},
};
// The client draws a finished bar: step "complete" at 100, whatever the last progress was.
constexpr wire_field k_complete[] = {
    {"step", "complete", ft::string, fs::constant},
    {"progress", "100", ft::integer, fs::constant},
    {"message", "message", ft::string},
    {"timestamp", "timestamp"},
    {"result", "result", ft::object_or_null},
};
constexpr wire_field k_error[] = {
    {"step", "step", ft::string},
    {"progress", "progress", ft::integer},
    {"message", "message", ft::string},
    {"timestamp", "timestamp"},
    {"error", "error, status, message", ft::object, fs::computed, {}, write_error_object},
};

// An operation_state (the first frame of a connection) takes the shape of its status.
constexpr event_row k_event_rows[] = {
    {"progress", "progress", k_progress},
    {"complete", "complete", k_complete},
    {"error", "error", k_error},
    {"operation_state", "complete", k_complete, {}, "status", "completed"},
    {"operation_state", "error", k_error, {}, "status", "failed"},
    {"operation_state", "error", k_error, {}, "status", "cancelled"},
    {"operation_state", "progress", k_progress},
};
constexpr event_table k_events{k_event_rows};

class progress_dialect final : public dialect {
public:
    explicit progress_dialect(const core::config& cfg)
        : dialect(dialect_id::progress,
                  dialect_limits{1, 6000, 100, 65536, cfg.dialect_progress.ping_interval_ms}) {}

    std::vector<connect_channel> connect_channels(const auth::principal&,
                                                  std::string_view id) const override {
        return {{fmt::format("operation:{}", id), true}};
    }

    // The scheduler's server closes with 1008 and a reason, before any frame; its client shows
    // the reason and does not reconnect.
    refusal_frame render_refusal(refusal why, std::string_view) const override {
        switch (why) {
            case refusal::no_subject:
                return {{}, {1008, "Invalid token"}};
            case refusal::not_allowed:
                return {{}, {1008, std::string(k_unauthorized)}};
            case refusal::too_many:
                return {{}, {1008, "Too many connections"}};
            case refusal::rate_limited:
                return {{}, {1008, "rate limit exceeded"}};
            case refusal::missing_token:
            case refusal::bad_token:
            case refusal::expired_token:
                return {{}, {1008, "Authentication failed"}};
        }
        return {{}, {1008, "Authentication failed"}};
    }

    request parse(std::string_view frame, std::string_view id) const override {
        auto obj = support::parse_frame(frame);
        if (!obj) return support::close_invalid_json();
        request r;
        if (support::text(*obj, "type") == "cancel") {
            r.what = request::op::command;
            r.cmd = {command_kind::cancel_operation, {{"operationId", std::string(id)}}};
        }
        return r;  // pong and anything else: activity only
    }

    // A refused cancel must not look like `error`, which the seed's client takes as the end.
    void render_result(reply_sink& out, const request&, const command_outcome& o) const override {
        if (o.ok) return;  // the worker sees the flag; its final frame follows
        std::string text;
        core::json_writer w(text);
        w.begin_object().field("type", "cancel_refused").key("error").begin_object();
        w.field("code", core::to_string(o.code)).field("details", o.message).end_object().end_object();
        out.send(text);
    }

    // cancel_requested and the other operation events are not this dialect's.
    bool render_event(std::string& out, const hub::event& ev, simdjson::dom::element data) const override {
        return support::render_event(out, k_events, ev, data);
    }
    const event_table* events() const noexcept override { return &k_events; }

    // Also asked for the events it does not render: an operation handed to another owner or
    // site, or deleted, closes its connections (1008) with no frame, as the scheduler's server
    // does when it finds a schedule is not the user's; those still allowed reconnect.
    std::optional<close_spec> close_after(const hub::event& ev) const override {
        if (ev.type == "operation_owner_changed" || ev.type == "operation_deleted")
            return close_spec{1008, std::string(k_unauthorized)};
        const bool final =
            ev.type == "complete" || ev.type == "error" ||
            (ev.type == "operation_state" && ev.data.find("\"final\":true") != std::string::npos);
        if (!final) return std::nullopt;
        return close_spec{1000, std::string(k_finished)};
    }

    void render_heartbeat(reply_sink& out, std::int64_t now_ms) const override {
        std::string text;
        core::json_writer w(text);
        w.begin_object().field("type", "ping").key("timestamp").timestamp(now_ms).end_object();
        out.send(text);
    }

    std::span<const message_row> messages() const noexcept override { return k_messages; }
};

}  // namespace

std::unique_ptr<dialect> make_progress_dialect(const core::config& cfg) {
    return std::make_unique<progress_dialect>(cfg);
}

}  // namespace ordercast::protocol

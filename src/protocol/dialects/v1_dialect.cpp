// The canonical protocol, /v1, as a dialect: its client messages (the message table in
// message_table.cpp, parsed by v1_codec.cpp) decoded into requests, and every server message
// — connection_established, subscription_confirmed, message_replay, pong, token_refreshed,
// token_expiring, errors, message_acknowledged / message_error, the rate-limit refusal —
// rendered here. Its event frames are protocol::render_event's, in rendering slot 0.
#include <fmt/format.h>

#include <algorithm>

#include "auth/role.hpp"
#include "core/clock.hpp"
#include "protocol/dialects/v1_dialect.hpp"
#include "protocol/v1_codec.hpp"

namespace ordercast::protocol {
namespace {

using core::error_code;

constexpr std::size_t k_replay_batch = 100;               // events per message_replay frame ...
constexpr std::size_t k_replay_frame_bytes = 256 * 1024;  // ... and about this many bytes

// ---------------------------------------------------------------------------------------
// Decoding: the message table already checked every field's presence and kind.
// ---------------------------------------------------------------------------------------

std::vector<std::string> strings(simdjson::dom::element data, std::string_view key) {
    std::vector<std::string> out;
    simdjson::dom::array arr;
    if (data[key].get_array().get(arr) != simdjson::SUCCESS) return out;
    for (simdjson::dom::element item : arr) {
        std::string_view s;
        if (item.get_string().get(s) == simdjson::SUCCESS) out.emplace_back(s);
    }
    return out;
}

std::string string(simdjson::dom::element data, std::string_view key) {
    std::string_view s;
    if (data[key].get_string().get(s) != simdjson::SUCCESS) return {};
    return std::string(s);
}

// data.positions as (channel as named, {seq, epoch}); malformed entries are left out (the
// channel then joins without resuming).
std::vector<std::pair<std::string, hub::position>> positions(simdjson::dom::element data) {
    std::vector<std::pair<std::string, hub::position>> out;
    simdjson::dom::object all;
    if (data["positions"].get_object().get(all) != simdjson::SUCCESS) return out;
    for (auto [channel, value] : all) {
        std::uint64_t seq = 0;
        std::string_view epoch;
        if (value["seq"].get_uint64().get(seq) != simdjson::SUCCESS) continue;
        if (value["epoch"].get_string().get(epoch) != simdjson::SUCCESS) continue;
        out.emplace_back(std::string(channel), hub::position{seq, std::string(epoch)});
    }
    return out;
}

// A domain command's string fields, by their /v1 names.
command command_of(command_kind kind, simdjson::dom::element data) {
    command c{kind, {}};
    simdjson::dom::object obj;
    if (data.get_object().get(obj) != simdjson::SUCCESS) return c;
    for (auto [key, value] : obj) {
        std::string_view s;
        if (value.get_string().get(s) == simdjson::SUCCESS)
            c.fields.emplace_back(std::string(key), std::string(s));
    }
    return c;
}

request decode(const client_command& in) {
    request r;
    r.message_id = in.message_id;
    r.correlation_id = in.correlation_id;
    r.client_timestamp = in.client_timestamp;
    switch (in.type) {
        case client_type::subscribe:
            r.what = request::op::subscribe;
            r.channels = strings(in.data, "channels");
            r.positions = positions(in.data);
            break;
        case client_type::reconnect:
            r.what = request::op::reconnect;
            r.channels = strings(in.data, "channels");
            r.last_message_id = string(in.data, "lastMessageId");
            break;
        case client_type::unsubscribe:
            r.what = request::op::unsubscribe;
            r.channels = strings(in.data, "channels");
            break;
        case client_type::ping:
            r.what = request::op::ping;
            break;
        case client_type::ack:
            r.what = request::op::ack;
            r.ids = strings(in.data, "messageIds");
            break;
        case client_type::refresh_token:
            r.what = request::op::refresh;
            r.token = string(in.data, "token");
            break;
        case client_type::ack_alert:
            r.what = request::op::command;
            r.cmd = command_of(command_kind::ack_alert, in.data);
            break;
        case client_type::cancel_operation:
            r.what = request::op::command;
            r.cmd = command_of(command_kind::cancel_operation, in.data);
            break;
        case client_type::order_status_update:
            r.what = request::op::command;
            r.cmd = command_of(command_kind::order_status_update, in.data);
            break;
    }
    return r;
}

// ---------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------

// Adds the dialect's envelope version (if it has one) as the last member of a frame: every
// frame this file writes is a JSON object that ends with its closing brace.
void stamp_version(std::string& frame, std::string_view version) {
    if (version.empty() || frame.empty() || frame.back() != '}') return;
    frame.pop_back();
    frame.append(",\"version\":");
    core::append_json_string(frame, version);
    frame.push_back('}');
}

void send_stamped(reply_sink& out, std::string& text, std::string_view version) {
    stamp_version(text, version);
    out.send(text);
}

void send_error(reply_sink& out, std::string_view version, error_code code, std::string_view message,
                std::string_view correlation_id = {}) {
    std::string text;
    render_error(text, code, message, correlation_id);
    send_stamped(out, text, version);
}

void send_acknowledged(reply_sink& out, std::string_view version, std::string_view message_id) {
    std::string text;
    render_message_acknowledged(text, message_id);
    send_stamped(out, text, version);
}

// A refused message: message_error citing its messageId, or error echoing its correlationId.
void send_failure(reply_sink& out, std::string_view version, const request& asked, error_code code,
                  std::string_view message) {
    std::string text;
    if (!asked.message_id.empty())
        render_message_error(text, asked.message_id, code, message);
    else
        render_error(text, code, message, asked.correlation_id);
    send_stamped(out, text, version);
}

void write_strings(core::json_writer& w, std::string_view key, const std::vector<std::string>& items) {
    w.key(key).begin_array();
    for (const auto& s : items) w.string(s);
    w.end_array();
}

}  // namespace

core::error_code refusal_code(refusal why) noexcept {
    switch (why) {
        case refusal::expired_token:
            return core::error_code::token_expired;
        case refusal::not_allowed:
            return core::error_code::insufficient_permissions;
        case refusal::too_many:
            return core::error_code::connection_limit;
        case refusal::rate_limited:
            return core::error_code::rate_limit_exceeded;
        case refusal::missing_token:
        case refusal::bad_token:
        case refusal::no_subject:
            return core::error_code::authentication_failed;
    }
    return core::error_code::authentication_failed;
}

v1_dialect::v1_dialect(dialect_id id, const core::config& cfg, std::string_view envelope_version)
    : dialect(id,
              dialect_limits{cfg.limits.subscriptions_per_connection, cfg.limits.messages_per_minute,
                             cfg.limits.message_burst, cfg.limits.max_message_bytes, 0},
              dialect_traits{.acknowledges = true,
                             .collapse_duplicates = false,
                             .connection_state = false,
                             .decode_before_rate_limit = true}),
      auto_join_(cfg.auto_join.empty() ? auth::auto_join_rules() : auth::auto_join_rules(cfg.auto_join)),
      version_(envelope_version) {}

void v1_dialect::stamp(std::string& frame) const {
    stamp_version(frame, version_);
}

// The role's automatic channels (the auto_join table); configured, so not counted
// against the client's subscription limit.
std::vector<dialect::connect_channel> v1_dialect::connect_channels(const auth::principal& who,
                                                                   std::string_view) const {
    std::vector<connect_channel> out;
    for (const auth::channel_name& name : auto_join_.auto_join_channels(who))
        out.push_back({name.str(), false, false});
    return out;
}

void v1_dialect::render_connected(reply_sink& out, const session_view& view,
                                  const std::vector<std::string>& joined) const {
    std::string text;
    envelope e(text, "connection_established");
    auto& w = e.data();
    w.field("connectionId", view.connection_id)
        .field("userId", view.who.user_id)
        .field("userType", auth::to_string(view.who.role));
    if (view.who.site.empty())
        w.key("siteId").null();
    else
        w.field("siteId", view.who.site);
    write_strings(w, "stations", view.who.stations);
    w.key("capabilities")
        .begin_array()
        .string("subscribe")
        .string("replay")
        .string("acks")
        .string("refresh_token")
        .end_array();
    w.key("serverTime").timestamp(view.now_ms);
    w.key("tokenExpiresAt").timestamp(view.who.expires_at * 1000);
    write_strings(w, "channels", joined);
    w.key("limits")
        .begin_object()
        .field("messagesPerMinute", limits().messages_per_minute)
        .field("subscriptionsPerConnection", limits().subscriptions_per_connection)
        .field("maxMessageBytes", limits().max_message_bytes)
        .end_object();
    e.finish();
    send_stamped(out, text, version_);
}

// An `error {code, message}` frame, then 1008 with the code as the reason.
refusal_frame v1_dialect::render_refusal(refusal why, std::string_view detail) const {
    refusal_frame f;
    const error_code code = refusal_code(why);
    render_error(f.text, code, detail);
    stamp_version(f.text, version_);
    f.close = {1008, std::string(core::to_string(code))};
    return f;
}

request v1_dialect::parse(std::string_view frame, std::string_view) const {
    parse_outcome parsed = parse_client_frame(frame);
    request r;
    switch (parsed.state) {
        case parse_outcome::status::ok:
            return decode(parsed.command);
        case parse_outcome::status::not_json:
            r.what = request::op::close;
            r.close = {1003, "the message is not valid JSON"};
            return r;
        case parse_outcome::status::invalid:
        case parse_outcome::status::unknown_type:
            r.what = request::op::reply;
            r.message_id = parsed.message_id;  // so a rate-limit refusal can cite it
            if (!parsed.message_id.empty())
                render_message_error(r.text, parsed.message_id, parsed.code, parsed.message);
            else
                render_error(r.text, parsed.code, parsed.message);
            stamp_version(r.text, version_);
            return r;
    }
    return r;
}

void v1_dialect::render_joined(reply_sink& out, const request& asked, const join_outcome& o) const {
    if (asked.what == request::op::unsubscribe) return render_left(out, asked, o);
    std::string text;
    envelope e(text, "subscription_confirmed", asked.correlation_id);
    auto& w = e.data();
    write_channel_lists(w, o);
    write_join_extras(w, o);
    e.finish();
    send_stamped(out, text, version_);
    // The seed's client waits for message_replay after reconnect, so it comes even when empty.
    const bool reconnect = asked.what == request::op::reconnect;
    if (!o.replay.empty() || reconnect) render_replay(out, o.replay, reconnect ? asked.last_message_id : "");
    for (const auto& [channel, state] : o.first_states) render_first_state(out, channel, state);
    const auto over_limit = [](const failed_channel& f) { return f.why == join_failure::subscription_limit; };
    if (!asked.message_id.empty()) {
        if (o.failed.empty())
            send_acknowledged(out, version_, asked.message_id);
        else if (std::all_of(o.failed.begin(), o.failed.end(), over_limit))
            send_failure(out, version_, asked, error_code::subscription_limit,
                         "subscription limit reached; unsubscribe first");
        else
            send_failure(out, version_, asked, error_code::insufficient_permissions,
                         "some channels were refused; see subscription_confirmed.failed");
    } else if (std::any_of(o.failed.begin(), o.failed.end(), over_limit)) {
        send_error(out, version_, error_code::subscription_limit,
                   fmt::format("at most {} subscriptions per connection; unsubscribe first",
                               limits().subscriptions_per_connection));
    }
}

// {"type":"operation_state","channel","timestamp","data"}: a state for this connection
// only, so it has a channel but no seq.
void v1_dialect::render_first_state(reply_sink& out, std::string_view channel,
                                    const first_state& state) const {
    std::string text;
    core::json_writer w(text);
    w.begin_object().field("type", state.type).key("channel");
    write_channel(w, channel);
    w.key("timestamp").timestamp(core::unix_ms());
    w.key("data").raw(state.data);
    w.end_object();
    send_stamped(out, text, version_);
}

// The restaurant ordering clients read timestamp and serverTime at the top level of pong;
// data repeats them for clients that read only data.
void v1_dialect::render_pong(reply_sink& out, const request& asked, std::int64_t) const {
    const std::int64_t now = core::unix_ms();
    std::string text;
    core::json_writer w(text);
    w.begin_object().field("type", "pong");
    if (!asked.client_timestamp.empty())
        w.field("timestamp", asked.client_timestamp);
    else
        w.key("timestamp").timestamp(now);
    w.key("serverTime").timestamp(now);
    if (!asked.correlation_id.empty()) w.field("correlationId", asked.correlation_id);
    w.key("data").begin_object();
    if (!asked.client_timestamp.empty()) w.field("timestamp", asked.client_timestamp);
    w.key("serverTime").timestamp(now).end_object();
    w.end_object();
    send_stamped(out, text, version_);
}

void v1_dialect::render_result(reply_sink& out, const request& asked, const command_outcome& o) const {
    if (!o.ok)
        send_failure(out, version_, asked, o.code, o.message);
    else if (!asked.message_id.empty())
        send_acknowledged(out, version_, asked.message_id);
}

void v1_dialect::render_token_refreshed(reply_sink& out, const request& asked, std::int64_t expires_at_ms,
                                        const std::vector<std::string>& revoked) const {
    std::string text;
    envelope e(text, "token_refreshed", asked.correlation_id);
    e.data().key("expiresAt").timestamp(expires_at_ms);
    write_strings(e.data(), "revoked", revoked);
    e.finish();
    send_stamped(out, text, version_);
}

void v1_dialect::render_too_large(reply_sink& out, std::int64_t limit_bytes) const {
    std::string text;
    render_error(text, error_code::message_too_large,
                 fmt::format("messages are limited to {} bytes", limit_bytes));
    send_stamped(out, text, version_);
}

void v1_dialect::render_rate_limited(reply_sink& out, const request& asked, int retry_after_s) const {
    auto write_details = [&](core::json_writer& w) {
        w.field("code", core::to_string(error_code::rate_limit_exceeded))
            .field("message", "too many messages sent; wait retryAfter seconds")
            .field("retryAfter", std::int64_t{retry_after_s})
            .field("limit", limits().messages_per_minute)
            .field("window", 60);
    };
    std::string text;
    envelope e(text, asked.message_id.empty() ? "error" : "message_error");
    if (asked.message_id.empty()) {
        write_details(e.data());
    } else {
        e.data().field("messageId", asked.message_id).key("error").begin_object();
        write_details(e.data());
        e.data().end_object();
    }
    e.finish();
    send_stamped(out, text, version_);
}

void v1_dialect::render_token_expiring(reply_sink& out, std::int64_t expires_ms, std::int64_t now_ms) const {
    std::string text;
    envelope e(text, "token_expiring");
    e.data().key("expiresAt").timestamp(expires_ms).field("secondsLeft", (expires_ms - now_ms) / 1000);
    e.finish();
    send_stamped(out, text, version_);
}

bool v1_dialect::render_event(std::string& out, const hub::event& ev, simdjson::dom::element) const {
    protocol::render_event(out, ev);
    return true;
}

void v1_dialect::render_left(reply_sink& out, const request& asked, const join_outcome& o) const {
    std::string text;
    envelope e(text, "subscription_confirmed", asked.correlation_id);
    e.data().field("action", "unsubscribe");
    write_channel_lists(e.data(), o);
    e.finish();
    send_stamped(out, text, version_);
    if (!asked.message_id.empty()) send_acknowledged(out, version_, asked.message_id);
}

// message_replay frames of at most k_replay_batch events and about k_replay_frame_bytes
// each, embedding the events' own frames.
void v1_dialect::render_replay(reply_sink& out, const std::vector<hub::event_ptr>& events,
                               std::string_view from_message_id) const {
    const std::size_t slot = rendering_slot(id());
    std::size_t i = 0;
    do {
        std::string text;
        envelope e(text, "message_replay");
        auto& w = e.data();
        w.key("messages").begin_array();
        std::size_t end = i;
        for (; end < events.size() && end - i < k_replay_batch && text.size() < k_replay_frame_bytes; ++end)
            w.raw(events[end]->rendering(slot)->payload());
        w.end_array();
        if (from_message_id.empty() && i < end)
            w.field("fromMessageId", events[i]->message_id);
        else
            w.field("fromMessageId", from_message_id);
        if (end > i)
            w.field("toMessageId", events[end - 1]->message_id);
        else
            w.key("toMessageId").null();
        w.field("hasMore", end < events.size());
        e.finish();
        send_stamped(out, text, version_);
        i = end;
    } while (i < events.size());
}

void v1_dialect::write_channel(core::json_writer& w, std::string_view canonical) const {
    w.string(canonical);
}

// subscription_confirmed's `channels` (accepted) and `failed` lists.
void v1_dialect::write_channel_lists(core::json_writer& w, const join_outcome& o) const {
    w.key("channels").begin_array();
    for (const auto& c : o.joined) write_channel(w, c);
    w.end_array();
    w.key("failed").begin_array();
    for (const auto& f : o.failed)
        w.begin_object().field("channel", f.channel).field("reason", reason_text(f)).end_object();
    w.end_array();
}

void v1_dialect::write_join_extras(core::json_writer& w, const join_outcome& o) const {
    w.key("positions").begin_object();
    for (const auto& [channel, p] : o.positions)
        w.key(channel).begin_object().field("seq", p.seq).field("epoch", p.epoch).end_object();
    w.end_object();
    if (o.asked_resume) w.field("recovered", o.recovered);
}

std::unique_ptr<dialect> make_v1_dialect(const core::config& cfg) {
    return std::make_unique<v1_dialect>(cfg);
}

}  // namespace ordercast::protocol

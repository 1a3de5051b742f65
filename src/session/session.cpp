#include "session/session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "auth/auto_join.hpp"
#include "auth/channel_name.hpp"
#include "auth/jwt_verifier.hpp"
#include "auth/verified_token_cache.hpp"
#include "auth/permission_rules.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "hub/hub.hpp"
#include "protocol/dialect_registry.hpp"
#include "session/command_handler.hpp"
#include "session/dialect_state.hpp"
#include "session/subscription_hook.hpp"

namespace ordercast::session {
namespace {

using core::error_code;
using protocol::client_type;

constexpr std::size_t k_replay_batch = 100;  // events per message_replay frame ...
constexpr std::size_t k_replay_frame_bytes = 256 * 1024;  // ... and about this many bytes
constexpr std::uint16_t k_close_policy = 1008;

// subscription_confirmed's `channels` (accepted, canonical names) and `failed` lists.
void write_channel_lists(core::json_writer& w, const std::vector<std::string>& channels,
                         const std::vector<std::pair<std::string, std::string>>& failed) {
    w.key("channels").begin_array();
    for (const auto& c : channels) w.string(c);
    w.end_array();
    w.key("failed").begin_array();
    for (const auto& [channel, reason] : failed)
        w.begin_object().field("channel", channel).field("reason", reason).end_object();
    w.end_array();
}

void write_position(core::json_writer& w, std::string_view channel, const hub::position& p) {
    w.key(channel).begin_object().field("seq", p.seq).field("epoch", p.epoch).end_object();
}

// Reads data.positions[channel] as {seq, epoch}; nullopt when absent or malformed.
std::optional<hub::position> position_for(simdjson::dom::element data, std::string_view requested,
                                          std::string_view canonical) {
    simdjson::dom::object positions;
    if (data["positions"].get_object().get(positions) != simdjson::SUCCESS) return std::nullopt;
    simdjson::dom::object p;
    if (positions[requested].get_object().get(p) != simdjson::SUCCESS &&
        positions[canonical].get_object().get(p) != simdjson::SUCCESS)
        return std::nullopt;
    std::uint64_t seq = 0;
    std::string_view epoch;
    if (p["seq"].get_uint64().get(seq) != simdjson::SUCCESS) return std::nullopt;
    if (p["epoch"].get_string().get(epoch) != simdjson::SUCCESS) return std::nullopt;
    return hub::position{seq, std::string(epoch)};
}

// A field the message table already checked to be an array of strings.
simdjson::dom::array checked_array(simdjson::dom::element data, std::string_view key) {
    simdjson::dom::array arr;
    if (data[key].get_array().get(arr) != simdjson::SUCCESS) return {};
    return arr;
}

std::string_view checked_string_item(simdjson::dom::element item) {
    std::string_view s;
    if (item.get_string().get(s) != simdjson::SUCCESS) return {};
    return s;
}

std::string_view checked_string(simdjson::dom::element data, std::string_view key) {
    std::string_view s;
    if (data[key].get_string().get(s) != simdjson::SUCCESS) return {};
    return s;
}

}  // namespace

session::session(session_context& ctx, hub::worker_id worker, transport& out, auth::principal who,
                 std::uint64_t connection_number, const protocol::dialect& dialect, std::string resource_id,
                 bool anonymous)
    : ctx_(ctx),
      out_(out),
      dialect_(&dialect),
      principal_(std::move(who)),
      connection_number_(connection_number),
      rate_tokens_(dialect.limits().message_burst),
      worker_(worker) {
    set_delivery_memory(out_.delivery_memory());
    // Before any subscription: the renderer renders this dialect's frames from now on.
    ctx_.dialects.opened(dialect.id());
    if (!is_v1()) make_dialect_state(std::move(resource_id), anonymous);
}

session::~session() { stop(); }

void session::stop() {
    if (stopped_) return;
    stopped_ = true;
    ctx_.dialects.closed(dialect_->id());
    ctx_.hub.unsubscribe_all(worker_, this);
    core::global_metrics().subscriptions_current.fetch_sub(static_cast<std::int64_t>(channels_.size()),
                                                           std::memory_order_relaxed);
    channels_.clear();
    pending_acks_.clear();
    pending_head_ = 0;
}

// ---------------------------------------------------------------------------------------
// Connection start
// ---------------------------------------------------------------------------------------

void session::start(std::int64_t now_ms) {
    rate_refilled_ms_ = now_ms;
    if (!is_v1()) {
        start_dialect(now_ms);
        return;
    }
    std::vector<std::string> joined;
    for (const auth::channel_name& name : ctx_.auto_join.auto_join_channels(principal_)) {
        if (!auth::authorize(ctx_.permissions, ctx_.ownership, principal_, name).allowed()) continue;
        const std::string& channel = name.str();
        if (is_subscribed(channel)) continue;
        hub::subscribe_result r = ctx_.hub.subscribe(worker_, this, channel, std::nullopt);
        channels_.push_back({r.channel, r.current.seq});
        joined.push_back(channel);
    }
    core::global_metrics().subscriptions_current.fetch_add(static_cast<std::int64_t>(joined.size()),
                                                           std::memory_order_relaxed);
    std::string out;
    protocol::envelope e(out, "connection_established");
    auto& w = e.data();
    w.field("connectionId", fmt::format("conn_{:x}", connection_number_))
        .field("userId", principal_.user_id)
        .field("userType", auth::to_string(principal_.role));
    if (principal_.site.empty()) w.key("siteId").null();
    else w.field("siteId", principal_.site);
    w.key("stations").begin_array();
    for (const auto& s : principal_.stations) w.string(s);
    w.end_array();
    w.key("capabilities").begin_array().string("subscribe").string("replay").string("acks").string("refresh_token").end_array();
    w.key("serverTime").timestamp(now_ms);
    w.key("tokenExpiresAt").timestamp(principal_.expires_at * 1000);
    w.key("channels").begin_array();
    for (const auto& c : joined) w.string(c);
    w.end_array();
    const auto& l = ctx_.config.limits;
    w.key("limits").begin_object()
        .field("messagesPerMinute", l.messages_per_minute)
        .field("subscriptionsPerConnection", l.subscriptions_per_connection)
        .field("maxMessageBytes", l.max_message_bytes)
        .end_object();
    e.finish();
    out_.send_text(out);
}

// ---------------------------------------------------------------------------------------
// Inbound messages
// ---------------------------------------------------------------------------------------

void session::on_text(std::string_view text, std::int64_t now_ms) {
    if (stopped_) return;
    if (!is_v1()) {
        on_dialect_text(text, now_ms);
        return;
    }
    core::global_metrics().messages_in.fetch_add(1, std::memory_order_relaxed);
    protocol::parse_outcome parsed = protocol::parse_client_frame(text);
    if (parsed.state == protocol::parse_outcome::status::not_json) {
        out_.close(1003, "the message is not valid JSON");
        return;
    }
    // Parsed first so that a refusal can cite the messageId; every message counts.
    if (!take_rate_token(now_ms)) {
        refuse_over_rate(parsed.message_id);
        return;
    }
    switch (parsed.state) {
        case protocol::parse_outcome::status::not_json: return;
        case protocol::parse_outcome::status::invalid:
        case protocol::parse_outcome::status::unknown_type: {
            std::string out;
            if (!parsed.message_id.empty())
                protocol::render_message_error(out, parsed.message_id, parsed.code, parsed.message);
            else
                protocol::render_error(out, parsed.code, parsed.message);
            out_.send_text(out);
            return;
        }
        case protocol::parse_outcome::status::ok: handle(parsed.command, now_ms); return;
    }
}

void session::refuse_over_rate(std::string_view message_id) {
    core::global_metrics().rate_limit_hits.fetch_add(1, std::memory_order_relaxed);
    if (++rate_strikes_ >= ctx_.config.limits.rate_limit_strikes) {
        send_error(error_code::rate_limit_exceeded, "too many messages, repeatedly; closing");
        out_.close(k_close_policy, "RATE_LIMIT_EXCEEDED");
        return;
    }
    double per_second = limits().messages_per_minute / 60.0;
    auto retry_after = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil((1.0 - rate_tokens_) / per_second)));
    std::string out;
    auto write_details = [&](core::json_writer& w) {
        w.field("code", core::to_string(error_code::rate_limit_exceeded))
            .field("message", "too many messages sent; wait retryAfter seconds")
            .field("retryAfter", retry_after)
            .field("limit", limits().messages_per_minute)
            .field("window", 60);
    };
    protocol::envelope e(out, message_id.empty() ? "error" : "message_error");
    if (message_id.empty()) {
        write_details(e.data());
    } else {
        e.data().field("messageId", message_id).key("error").begin_object();
        write_details(e.data());
        e.data().end_object();
    }
    e.finish();
    out_.send_text(out);
}

bool session::take_rate_token(std::int64_t now_ms) {
    const auto& l = limits();
    double per_ms = l.messages_per_minute / 60000.0;
    rate_tokens_ = std::min<double>(l.message_burst, rate_tokens_ + (now_ms - rate_refilled_ms_) * per_ms);
    rate_refilled_ms_ = now_ms;
    if (rate_tokens_ < 1.0) return false;
    rate_tokens_ -= 1.0;
    return true;
}

void session::handle(const protocol::client_command& cmd, std::int64_t now_ms) {
    switch (cmd.type) {
        case client_type::subscribe: handle_join(cmd, false); return;  // answers itself
        case client_type::unsubscribe: handle_unsubscribe(cmd); return;
        case client_type::reconnect: handle_join(cmd, true); return;
        case client_type::ping: handle_ping(cmd); break;
        case client_type::ack: handle_ack(cmd, now_ms); break;
        case client_type::refresh_token:
            if (!handle_refresh_token(cmd)) return;
            break;
        case client_type::ack_alert:
        case client_type::cancel_operation:
        case client_type::order_status_update: {
            command_result r = ctx_.commands.handle(principal_, cmd);
            if (!r.ok) {
                std::string out;
                if (!cmd.message_id.empty()) protocol::render_message_error(out, cmd.message_id, r.code, r.message);
                else protocol::render_error(out, r.code, r.message, cmd.correlation_id);
                out_.send_text(out);
                return;
            }
            break;
        }
    }
    if (!cmd.message_id.empty()) {
        std::string out;
        protocol::render_message_acknowledged(out, cmd.message_id);
        out_.send_text(out);
    }
}

std::string session::authorize(std::string_view requested, std::string& reason) const {
    auto parsed = auth::parse_channel(requested);
    if (!parsed) {
        reason = std::string(auth::to_string(parsed.error()));
        return {};
    }
    auto decision = auth::authorize(ctx_.permissions, ctx_.ownership, principal_, parsed.value());
    if (!decision.allowed()) {
        reason = std::string(auth::k_insufficient_permissions);
        return {};
    }
    return parsed.value().str();
}

bool session::is_subscribed(std::string_view canonical) const {
    return std::any_of(channels_.begin(), channels_.end(), [&](const subscription& s) { return s.channel == canonical; });
}

// ---------------------------------------------------------------------------------------
// Joining channels: subscribe (optionally from positions) and reconnect (from a message id)
// share one path. A resume on a channel this connection already holds (one joined
// automatically on connect, say) replays only what came before that subscription started,
// since everything after it has been delivered live: no gap, no duplicate.
// ---------------------------------------------------------------------------------------

void session::handle_join(const protocol::client_command& cmd, bool by_message_id) {
    std::string_view last_message_id = by_message_id ? checked_string(cmd.data, "lastMessageId") : std::string_view();
    std::vector<std::string> ok;
    std::vector<std::pair<std::string, std::string>> failed;
    std::vector<std::pair<std::string, hub::position>> positions;
    std::vector<hub::event_ptr> replay;
    std::size_t replay_bytes = 0;
    const std::size_t replay_budget = static_cast<std::size_t>(ctx_.config.limits.outbound_queue_bytes) / 2;
    bool asked_resume = by_message_id;
    bool recovered = true;
    const auto limit = static_cast<std::size_t>(limits().subscriptions_per_connection);
    std::size_t added = 0;
    std::vector<std::string> first_messages;  // the subscription hook's states of new subscriptions, rendered
    for (simdjson::dom::element item : checked_array(cmd.data, "channels")) {
        std::string_view requested = checked_string_item(item);
        std::string reason;
        std::string canonical = authorize(requested, reason);
        if (canonical.empty()) {
            failed.emplace_back(requested, reason);
            continue;
        }
        if (std::find(ok.begin(), ok.end(), canonical) != ok.end()) continue;  // named twice
        std::optional<hub::position> from;
        if (!by_message_id) {
            from = position_for(cmd.data, requested, canonical);
            asked_resume = asked_resume || from.has_value();
        }
        std::vector<hub::event_ptr> missed;
        bool channel_recovered = true;
        if (subscription* existing = find_subscription(canonical)) {
            if (by_message_id) channel_recovered = missed_before_start(*existing, last_message_id, missed);
            else if (from) channel_recovered = missed_before_start(*existing, *from, missed);
            positions.emplace_back(canonical, hub::position{existing->start_seq, ctx_.hub.channel_epoch(canonical)});
        } else {
            if (channels_.size() >= limit) {
                failed.emplace_back(requested, "subscription_limit");
                continue;
            }
            if (ctx_.subscriptions) {
                if (std::string refused = ctx_.subscriptions->admit(principal_, canonical); !refused.empty()) {
                    failed.emplace_back(requested, std::move(refused));
                    continue;
                }
            }
            hub::subscribe_result r;
            auto subscribe = [&] {
                r = by_message_id ? ctx_.hub.subscribe_after_message(worker_, this, canonical, last_message_id)
                                  : ctx_.hub.subscribe(worker_, this, canonical, from);
            };
            if (ctx_.subscriptions) {
                if (first_state first = ctx_.subscriptions->join(principal_, canonical, subscribe); !first.type.empty())
                    first_messages.push_back(render_first_state(canonical, first));
            } else {
                subscribe();
            }
            channel_recovered = !(by_message_id || from) || r.recovered;
            missed = std::move(r.replay);
            positions.emplace_back(canonical, r.current);
            channels_.push_back({r.channel, r.current.seq});
            ++added;
        }
        // A replay larger than half the outbound queue would get its reader closed as slow:
        // past that budget the client is told to reload over REST instead.
        std::size_t bytes = 0;
        for (const auto& ev : missed) bytes += ev->renderings[k_v1_rendering]->size();
        if (replay_bytes + bytes > replay_budget) {
            missed.clear();
            channel_recovered = false;
        }
        replay_bytes += bytes;
        recovered = recovered && channel_recovered;
        for (auto& ev : missed) replay.push_back(std::move(ev));
        ok.push_back(std::move(canonical));
    }
    core::global_metrics().subscriptions_current.fetch_add(static_cast<std::int64_t>(added),
                                                           std::memory_order_relaxed);
    std::string out;
    protocol::envelope e(out, "subscription_confirmed", cmd.correlation_id);
    auto& w = e.data();
    write_channel_lists(w, ok, failed);
    w.key("positions").begin_object();
    for (const auto& [channel, p] : positions) write_position(w, channel, p);
    w.end_object();
    if (asked_resume) w.field("recovered", recovered);
    e.finish();
    out_.send_text(out);
    // The seed's client waits for message_replay after reconnect, so it comes even when empty.
    if (!replay.empty() || by_message_id) send_replay(replay, last_message_id);
    for (const std::string& first : first_messages) out_.send_text(first);
    if (!cmd.message_id.empty()) {
        std::string ack;
        if (failed.empty()) protocol::render_message_acknowledged(ack, cmd.message_id);
        else if (std::all_of(failed.begin(), failed.end(), [](auto& f) { return f.second == "subscription_limit"; }))
            protocol::render_message_error(ack, cmd.message_id, error_code::subscription_limit,
                                           "subscription limit reached; unsubscribe first");
        else protocol::render_message_error(ack, cmd.message_id, error_code::insufficient_permissions,
                                            "some channels were refused; see subscription_confirmed.failed");
        out_.send_text(ack);
    } else if (std::any_of(failed.begin(), failed.end(), [](auto& f) { return f.second == "subscription_limit"; })) {
        send_error(error_code::subscription_limit,
                   fmt::format("at most {} subscriptions per connection; unsubscribe first", limit));
    }
}

session::subscription* session::find_subscription(std::string_view canonical) {
    for (auto& s : channels_)
        if (s.channel == canonical) return &s;
    return nullptr;
}

bool session::missed_before_start(const subscription& sub, const hub::position& from,
                                  std::vector<hub::event_ptr>& out) const {
    if (from.epoch != ctx_.hub.channel_epoch(sub.channel)) return false;
    if (from.seq >= sub.start_seq) return true;
    auto events = ctx_.hub.history(sub.channel, from.seq, static_cast<std::size_t>(sub.start_seq - from.seq));
    if (events.empty() || events.front()->seq != from.seq + 1) return false;
    for (auto& ev : events)
        if (ev->seq <= sub.start_seq) out.push_back(std::move(ev));
    return true;
}

bool session::missed_before_start(const subscription& sub, std::string_view last_message_id,
                                  std::vector<hub::event_ptr>& out) const {
    auto ref = hub::parse_message_id(last_message_id);
    if (!ref || ref->epoch != ctx_.hub.epoch()) return false;
    auto events = ctx_.hub.history(sub.channel, 0, static_cast<std::size_t>(sub.start_seq));
    // Only when the kept history starts at the channel's first event, or at or before the
    // client's last message, can we be sure nothing it missed was evicted.
    bool reaches_back = events.empty() ? sub.start_seq == 0
                                       : events.front()->seq == 1 || events.front()->global_id <= ref->global_id;
    if (!reaches_back) return false;
    for (auto& ev : events)
        if (ev->global_id > ref->global_id && ev->seq <= sub.start_seq) out.push_back(std::move(ev));
    return true;
}

namespace {
// The JSON of an event's pre-rendered frame: what follows the (unmasked, server) header.
std::string_view frame_payload(const std::string& frame) {
    const auto len7 = static_cast<unsigned char>(frame[1]) & 0x7F;
    const std::size_t header = len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
    return std::string_view(frame).substr(header);
}
}  // namespace

// {"type":"operation_state","channel","timestamp","data"}: a state for this connection only,
// so it has a channel but no seq.
std::string session::render_first_state(std::string_view channel, const first_state& state) {
    std::string out;
    core::json_writer w(out);
    w.begin_object().field("type", state.type).field("channel", channel);
    w.key("timestamp").timestamp(core::unix_ms());
    w.key("data").raw(state.data);
    w.end_object();
    return out;
}

void session::send_replay(std::vector<hub::event_ptr>& events, std::string_view from_message_id) {
    std::sort(events.begin(), events.end(),
              [](const hub::event_ptr& a, const hub::event_ptr& b) { return a->global_id < b->global_id; });
    std::size_t i = 0;
    do {
        std::string out;
        protocol::envelope e(out, "message_replay");
        auto& w = e.data();
        w.key("messages").begin_array();
        std::size_t end = i;
        // Batches of at most k_replay_batch events and about k_replay_frame_bytes each.
        for (; end < events.size() && end - i < k_replay_batch && out.size() < k_replay_frame_bytes; ++end)
            w.raw(frame_payload(*events[end]->renderings[k_v1_rendering]));
        w.end_array();
        if (from_message_id.empty() && i < end) w.field("fromMessageId", events[i]->message_id);
        else w.field("fromMessageId", from_message_id);
        if (end > i) w.field("toMessageId", events[end - 1]->message_id);
        else w.key("toMessageId").null();
        w.field("hasMore", end < events.size());
        e.finish();
        out_.send_text(out);
        i = end;
    } while (i < events.size());
    std::int64_t now = core::unix_ms();
    for (const auto& ev : events)
        if (ev->requires_ack) track_ack(ev, now);
}

void session::handle_unsubscribe(const protocol::client_command& cmd) {
    std::vector<std::string> removed;
    std::vector<std::pair<std::string, std::string>> failed;
    for (simdjson::dom::element item : checked_array(cmd.data, "channels")) {
        std::string_view requested = checked_string_item(item);
        auto parsed = auth::parse_channel(requested);
        if (!parsed) {
            failed.emplace_back(requested, std::string(auth::to_string(parsed.error())));
            continue;
        }
        const std::string& canonical = parsed.value().str();
        auto it = std::find_if(channels_.begin(), channels_.end(),
                               [&](const subscription& sub) { return sub.channel == canonical; });
        if (it == channels_.end()) {
            failed.emplace_back(requested, "not_subscribed");
            continue;
        }
        // Critical events of a channel the client left are not redelivered.
        drop_pending_acks([&](const pending_ack& p) { return p.event->channel == canonical; });
        channels_.erase(it);
        ctx_.hub.unsubscribe(worker_, this, canonical);
        removed.push_back(canonical);
    }
    core::global_metrics().subscriptions_current.fetch_sub(static_cast<std::int64_t>(removed.size()),
                                                           std::memory_order_relaxed);
    std::string out;
    protocol::envelope e(out, "subscription_confirmed", cmd.correlation_id);
    auto& w = e.data();
    w.field("action", "unsubscribe");
    write_channel_lists(w, removed, failed);
    e.finish();
    out_.send_text(out);
    if (!cmd.message_id.empty()) {
        std::string ack;
        protocol::render_message_acknowledged(ack, cmd.message_id);
        out_.send_text(ack);
    }
}

void session::handle_ping(const protocol::client_command& cmd) {
    // Seed 003 puts timestamp and serverTime at the top level of pong; data repeats them.
    std::int64_t now = core::unix_ms();
    std::string out;
    core::json_writer w(out);
    w.begin_object().field("type", "pong");
    if (!cmd.client_timestamp.empty()) w.field("timestamp", cmd.client_timestamp);
    else w.key("timestamp").timestamp(now);
    w.key("serverTime").timestamp(now);
    if (!cmd.correlation_id.empty()) w.field("correlationId", cmd.correlation_id);
    w.key("data").begin_object();
    if (!cmd.client_timestamp.empty()) w.field("timestamp", cmd.client_timestamp);
    w.key("serverTime").timestamp(now).end_object();
    w.end_object();
    out_.send_text(out);
}

void session::handle_ack(const protocol::client_command& cmd, std::int64_t) {
    for (simdjson::dom::element item : checked_array(cmd.data, "messageIds")) {
        std::string_view id = checked_string_item(item);
        drop_pending_acks([&](const pending_ack& p) { return p.event->message_id == id; });
    }
}

bool session::handle_refresh_token(const protocol::client_command& cmd) {
    std::string_view token = checked_string(cmd.data, "token");
    auto verified = auth::verify_cached(ctx_.verifier, token, core::unix_seconds());
    std::string failure;
    if (!verified) {
        core::global_metrics().auth_failures.fetch_add(1, std::memory_order_relaxed);
        failure = verified.error().message;
    } else if (verified->user_id != principal_.user_id || verified->role != principal_.role ||
               verified->site != principal_.site) {
        failure = "the new token is for another user, role or site; open a new connection instead";
    }
    if (!failure.empty()) {
        std::string out;
        if (!cmd.message_id.empty())
            protocol::render_message_error(out, cmd.message_id, error_code::authentication_failed, failure);
        else protocol::render_error(out, error_code::authentication_failed, failure, cmd.correlation_id);
        out_.send_text(out);
        return false;
    }
    principal_ = std::move(verified.value());
    expiring_sent_ = false;
    // The new token may grant less (fewer stations, say): leave what it no longer allows.
    std::vector<std::string> revoked;
    for (auto it = channels_.begin(); it != channels_.end();) {
        std::string reason;
        if (!authorize(it->channel, reason).empty()) {
            ++it;
            continue;
        }
        // it->channel views the hub's copy, which unsubscribe frees: copy it first.
        std::string channel(it->channel);
        drop_pending_acks([&](const pending_ack& p) { return p.event->channel == channel; });
        it = channels_.erase(it);
        ctx_.hub.unsubscribe(worker_, this, channel);
        revoked.push_back(std::move(channel));
    }
    core::global_metrics().subscriptions_current.fetch_sub(static_cast<std::int64_t>(revoked.size()),
                                                           std::memory_order_relaxed);
    std::string out;
    protocol::envelope e(out, "token_refreshed", cmd.correlation_id);
    e.data().key("expiresAt").timestamp(principal_.expires_at * 1000);
    e.data().key("revoked").begin_array();
    for (const auto& c : revoked) e.data().string(c);
    e.data().end_array();
    e.finish();
    out_.send_text(out);
    return true;
}

// ---------------------------------------------------------------------------------------
// Outbound events and housekeeping
// ---------------------------------------------------------------------------------------

void session::deliver(const hub::event_ptr& ev) {
    if (!is_v1()) [[unlikely]] {
        deliver_dialect(ev);
        return;
    }
    out_.send_shared(ev->renderings[k_v1_rendering], ev->published_ns);
    if (ev->requires_ack) [[unlikely]]
        track_ack(ev, core::unix_ms());
}

void session::track_ack(const hub::event_ptr& ev, std::int64_t now_ms) {
    for (std::size_t i = pending_head_; i < pending_acks_.size(); ++i)
        if (pending_acks_[i].event == ev) return;
    // A client that reads but never acknowledges must not grow the server's memory: past
    // hub.ack_max_pending, the oldest is given up (a resume still replays it from history).
    if (pending_acks_.size() - pending_head_ >= static_cast<std::size_t>(ctx_.config.hub.ack_max_pending)) {
        pending_acks_[pending_head_++].event.reset();
        core::global_metrics().acks_abandoned.fetch_add(1, std::memory_order_relaxed);
        forget_spent_acks();
    }
    pending_acks_.push_back({ev, now_ms + ctx_.config.hub.ack_timeout_ms, 0});
}

void session::forget_spent_acks() {
    if (pending_head_ == 0) return;
    if (pending_head_ == pending_acks_.size()) {
        std::vector<pending_ack>().swap(pending_acks_);  // an idle session holds no list
        pending_head_ = 0;
    } else if (pending_head_ * 2 >= pending_acks_.size()) {
        pending_acks_.erase(pending_acks_.begin(), pending_acks_.begin() + pending_head_);
        pending_head_ = 0;
    }
}

template <typename Pred>
void session::drop_pending_acks(Pred drop) {
    pending_acks_.erase(pending_acks_.begin(), pending_acks_.begin() + pending_head_);
    pending_head_ = 0;
    std::erase_if(pending_acks_, drop);
    if (pending_acks_.empty()) pending_acks_.shrink_to_fit();
}

// The list is in order of due time (every entry waits hub.ack_timeout_ms, and one sent again
// moves to the back): the due ones are a prefix, and a tick costs what it sends.
void session::redeliver_due(std::int64_t now_ms) {
    const auto& hub_config = ctx_.config.hub;
    const std::size_t end = pending_acks_.size();
    while (pending_head_ < end && pending_acks_[pending_head_].due_ms <= now_ms) {
        pending_ack p = std::move(pending_acks_[pending_head_++]);
        if (p.retries >= hub_config.ack_max_retries) {
            core::global_metrics().acks_abandoned.fetch_add(1, std::memory_order_relaxed);
            continue;
        }
        ++p.retries;
        p.due_ms = now_ms + hub_config.ack_timeout_ms;
        core::global_metrics().redeliveries.fetch_add(1, std::memory_order_relaxed);
        out_.send_shared(p.event->renderings[k_v1_rendering], 0);
        pending_acks_.push_back(std::move(p));
    }
    forget_spent_acks();
}

void session::tick(std::int64_t now_ms) {
    if (stopped_) return;
    if (!is_v1()) {
        tick_dialect(now_ms);
        return;
    }
    redeliver_due(now_ms);
    const std::int64_t expires_ms = principal_.expires_at * 1000;
    const std::int64_t notice_ms = std::int64_t{ctx_.config.auth.token_expiring_notice_s} * 1000;
    if (now_ms >= expires_ms) {
        std::string out;
        protocol::render_error(out, error_code::token_expired, "the token expired; reconnect with a new token");
        out_.send_text(out);
        out_.close(k_close_policy, "TOKEN_EXPIRED");
        stop();
        return;
    }
    if (!expiring_sent_ && now_ms >= expires_ms - notice_ms) {
        expiring_sent_ = true;
        std::string out;
        protocol::envelope e(out, "token_expiring");
        e.data().key("expiresAt").timestamp(expires_ms).field("secondsLeft", (expires_ms - now_ms) / 1000);
        e.finish();
        out_.send_text(out);
    }
}

void session::send_error(error_code code, std::string_view message) {
    std::string out;
    protocol::render_error(out, code, message);
    out_.send_text(out);
}

}  // namespace ordercast::session

#include "session/session.hpp"

#include <fmt/format.h>

#include "auth/channel_name.hpp"
#include "auth/jwt_verifier.hpp"
#include "auth/permission_rules.hpp"
#include "auth/verified_token_cache.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "hub/hub.hpp"
#include "protocol/dialect_registry.hpp"
#include "session/command_handler.hpp"
#include "session/session_detail.hpp"

namespace ordercast::session {

using protocol::refusal;
using protocol::request;

session::session(session_context& ctx, hub::worker_id worker, transport& out, auth::principal who,
                 std::uint64_t connection_number, const protocol::dialect& dialect, std::string resource_id,
                 bool anonymous)
    : ctx_(ctx),
      out_(out),
      dialect_(&dialect),
      principal_(std::move(who)),
      connection_number_(connection_number),
      rate_(dialect.limits().message_burst),
      worker_(worker) {
    set_delivery_memory(out_.delivery_memory());
    // Before any subscription: the renderer renders this dialect's frames from now on.
    ctx_.dialects.opened(dialect.id());
    if (dialect.traits().connection_state) {
        state_ = std::make_unique<connection_state>();
        state_->resource_id = std::move(resource_id);
        state_->anonymous = anonymous;
    }
}

session::~session() {
    stop();
}

void session::stop() {
    if (stopped_) return;
    stopped_ = true;
    ctx_.dialects.closed(dialect_->id());
    ctx_.hub.unsubscribe_all(worker_, this);
    core::global_metrics().subscriptions_current.fetch_sub(static_cast<std::int64_t>(channels_.size()),
                                                           std::memory_order_relaxed);
    channels_.clear();
    acks_.clear();
}

bool session::anonymous() const noexcept {
    return state_ && state_->anonymous;
}

std::string_view session::resource_id() const noexcept {
    return state_ ? std::string_view(state_->resource_id) : std::string_view();
}

// ---------------------------------------------------------------------------------------
// Connection start
// ---------------------------------------------------------------------------------------

void session::start(std::int64_t now_ms) {
    rate_.start(now_ms);
    if (state_) state_->connected_at_ms = state_->last_heartbeat_ms = now_ms;
    protocol::join_outcome o;
    for (const auto& wanted : dialect_->connect_channels(principal_, resource_id())) {
        protocol::failed_channel failure{wanted.channel, {}, {}};
        std::optional<std::string> canonical = authorize(wanted.channel, failure);
        if (!canonical) {
            if (wanted.required)
                return refuse_connection(refusal::not_allowed, protocol::reason_text(failure));
            continue;
        }
        if (find_subscription(*canonical) != nullptr) continue;
        std::vector<hub::event_ptr> none;
        bool recovered = true;
        if (auto failed = join_channel(*canonical, {}, nullptr, wanted.limited, o, none, recovered)) {
            if (wanted.required) return refuse_connection(refusal::too_many, protocol::reason_text(*failed));
            continue;
        }
        o.joined.push_back(std::move(*canonical));
    }
    transport_sink sink(out_);
    const std::string connection_id = fmt::format("conn_{:x}", connection_number_);
    protocol::session_view view{principal_, anonymous(), connection_id, resource_id(), {}, now_ms, now_ms};
    dialect_->render_connected(sink, view, o.joined);
    for (const auto& [channel, state] : o.first_states) dialect_->render_first_state(sink, channel, state);
    close_after_first_states(o);
}

void session::refuse_connection(refusal why, std::string_view detail) {
    protocol::refusal_frame f = dialect_->render_refusal(why, detail);
    if (!f.text.empty()) out_.send_text(f.text);
    out_.close(f.close.code != 0 ? f.close.code : k_close_policy, f.close.reason);
    stop();
}

// ---------------------------------------------------------------------------------------
// Inbound messages
// ---------------------------------------------------------------------------------------

void session::on_text(std::string_view text, std::int64_t now_ms) {
    if (stopped_) return;
    core::global_metrics().messages_in.fetch_add(1, std::memory_order_relaxed);
    // Every message counts against the rate, whether or not it is understood.
    const protocol::dialect_limits& l = limits();
    const bool decode_first = dialect_->traits().decode_before_rate_limit;
    if (!decode_first && !rate_.take(now_ms, l.messages_per_minute, l.message_burst))
        return refuse_over_rate({});
    const request asked = dialect_->parse(text, resource_id());
    if (asked.what == request::op::close) {
        out_.close(asked.close.code != 0 ? asked.close.code : k_close_policy, asked.close.reason);
        stop();
        return;
    }
    if (decode_first && !rate_.take(now_ms, l.messages_per_minute, l.message_burst))
        return refuse_over_rate(asked);
    handle(asked, now_ms);
}

void session::refuse_over_rate(const request& asked) {
    core::global_metrics().rate_limit_hits.fetch_add(1, std::memory_order_relaxed);
    if (rate_.strike() >= ctx_.config.limits.rate_limit_strikes)
        return refuse_connection(refusal::rate_limited, "too many messages, repeatedly; closing");
    transport_sink sink(out_);
    dialect_->render_rate_limited(sink, asked, rate_.retry_after_s(limits().messages_per_minute));
}

void session::handle(const request& asked, std::int64_t now_ms) {
    transport_sink sink(out_);
    switch (asked.what) {
        case request::op::ignore:
        case request::op::close:
            return;
        case request::op::reply:
            send_text(asked.text);
            return;
        case request::op::subscribe:
        case request::op::reconnect:
        case request::op::join_order:
            handle_join(asked);
            return;
        case request::op::unsubscribe:
            handle_unsubscribe(asked);
            return;
        case request::op::ack:
            handle_ack(asked);
            return;
        case request::op::refresh:
            handle_refresh(asked);
            return;
        case request::op::command:
            handle_command(asked);
            return;
        case request::op::status:
            handle_status(asked, now_ms);
            return;
        case request::op::ping:
            dialect_->render_pong(sink, asked, now_ms);
            dialect_->render_result(sink, asked, {});
            return;
    }
}

void session::handle_ack(const request& asked) {
    for (const std::string& id : asked.ids) acks_.acknowledge(id);
    transport_sink sink(out_);
    dialect_->render_result(sink, asked, {});
}

void session::handle_command(const request& asked) {
    // A connection admitted without a token (a dashboard a profile opens to anyone who can
    // reach it) only reads: every domain command changes something.
    const protocol::command_outcome outcome =
        anonymous()
            ? protocol::command_outcome{false, core::error_code::insufficient_permissions,
                                        "a connection without a token is read-only; connect with a token "
                                        "to change anything"}
            : ctx_.commands.handle(principal_, asked.cmd);
    transport_sink sink(out_);
    dialect_->render_result(sink, asked, outcome);
}

void session::handle_status(const request& asked, std::int64_t now_ms) {
    const std::string connection_id = fmt::format("conn_{:x}", connection_number_);
    protocol::session_view view{principal_,    anonymous(), connection_id,
                                resource_id(), {},          state_ ? state_->connected_at_ms : 0,
                                now_ms};
    view.channels.reserve(channels_.size());
    for (const auto& s : channels_) view.channels.push_back(s.channel);
    transport_sink sink(out_);
    dialect_->render_status(sink, asked, view);
}

void session::handle_refresh(const request& asked) {
    transport_sink sink(out_);
    auto verified = auth::verify_cached(ctx_.verifier, asked.token, core::unix_seconds());
    std::string failure;
    if (!verified) {
        core::global_metrics().auth_failures.fetch_add(1, std::memory_order_relaxed);
        failure = verified.error().message;
    } else if (verified->user_id != principal_.user_id || verified->role != principal_.role ||
               verified->site != principal_.site) {
        failure = "the new token is for another user, role or site; open a new connection instead";
    }
    if (!failure.empty())
        return dialect_->render_result(sink, asked,
                                       {false, core::error_code::authentication_failed, failure});
    principal_ = std::move(verified.value());
    expiring_sent_ = false;
    // The new token may grant less (fewer stations, say): leave what it no longer allows.
    std::vector<std::string> revoked;
    for (auto it = channels_.begin(); it != channels_.end();) {
        protocol::failed_channel ignored;
        if (authorize(it->channel, ignored)) {
            ++it;
            continue;
        }
        // it->channel views the hub's copy, which unsubscribe frees: copy it first.
        revoked.emplace_back(it->channel);
        it = leave_channel(it);
    }
    dialect_->render_token_refreshed(sink, asked, principal_.expires_at * 1000, revoked);
    dialect_->render_result(sink, asked, {});
}

// ---------------------------------------------------------------------------------------
// Outbound events and housekeeping
// ---------------------------------------------------------------------------------------

// The hot path: one shared frame per event, no allocation and no virtual call. Dialects that
// keep connection state (the seed dialects) take the branch.
void session::deliver(const hub::event_ptr& ev) {
    if (state_) [[unlikely]] {
        deliver_with_state(ev);
        return;
    }
    const hub::rendered_frame* frame = ev->rendering(protocol::rendering_slot(dialect_->id()));
    if (frame == nullptr) [[unlikely]]
        return;  // not an event this dialect carries
    out_.send_shared(frame->bytes, ev->published_ns);
    if (ev->requires_ack && dialect_->traits().acknowledges) [[unlikely]]
        acks_.track(ev, core::unix_ms() + ctx_.config.hub.ack_timeout_ms,
                    static_cast<std::size_t>(ctx_.config.hub.ack_max_pending));
}

void session::on_too_large() {
    if (stopped_) return;
    transport_sink sink(out_);
    dialect_->render_too_large(sink, limits().max_message_bytes);
}

void session::tick(std::int64_t now_ms) {
    if (stopped_) return;
    const auto& hub_config = ctx_.config.hub;
    const std::size_t slot = protocol::rendering_slot(dialect_->id());
    acks_.redeliver_due(now_ms, hub_config.ack_timeout_ms, hub_config.ack_max_retries,
                        [&](const hub::event_ptr& ev) { out_.send_shared(ev->rendering(slot)->bytes, 0); });
    transport_sink sink(out_);
    if (!anonymous()) {
        const std::int64_t expires_ms = principal_.expires_at * 1000;
        const std::int64_t notice_ms = std::int64_t{ctx_.config.auth.token_expiring_notice_s} * 1000;
        if (now_ms >= expires_ms)
            return refuse_connection(refusal::expired_token, "the token expired; reconnect with a new token");
        if (!expiring_sent_ && now_ms >= expires_ms - notice_ms) {
            expiring_sent_ = true;
            dialect_->render_token_expiring(sink, expires_ms, now_ms);
        }
    }
    const int every = limits().heartbeat_interval_ms;
    if (state_ && every > 0 && now_ms - state_->last_heartbeat_ms >= every) {
        state_->last_heartbeat_ms = now_ms;
        dialect_->render_heartbeat(sink, now_ms);
    }
}

}  // namespace ordercast::session

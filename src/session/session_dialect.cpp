// The session's side of the seed dialects (factory, rooms, progress, shop): the dialect
// parses a frame into a protocol::request and renders answers and events; the session
// executes the request with the same permission checks, hooks and limits as /v1.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "auth/channel_name.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "hub/hub.hpp"
#include "protocol/dialect_registry.hpp"
#include "session/command_handler.hpp"
#include "session/dialect_state.hpp"
#include "session/order_ref_resolver.hpp"
#include "session/session.hpp"
#include "session/subscription_hook.hpp"

namespace ordercast::session {
namespace {

using protocol::refusal;
using protocol::request;

constexpr std::uint16_t k_close_policy = 1008;

simdjson::dom::parser& first_state_parser() {
    thread_local simdjson::dom::parser parser;
    return parser;
}

}  // namespace

void session::make_dialect_state(std::string resource_id, bool anonymous) {
    dialect_state_ = std::make_unique<dialect_state>();
    dialect_state_->resource_id = std::move(resource_id);
    dialect_state_->anonymous = anonymous;
}

void session::refuse_connection(refusal why, std::string_view detail) {
    protocol::refusal_frame f = dialect_->render_refusal(why, detail);
    if (!f.text.empty()) out_.send_text(f.text);
    out_.close(f.close.code != 0 ? f.close.code : k_close_policy, f.close.reason);
    stop();
}

void session::start_dialect(std::int64_t now_ms) {
    dialect_state& st = *dialect_state_;
    st.connected_at_ms = st.last_heartbeat_ms = now_ms;
    std::vector<first_state> firsts;
    std::vector<std::string> first_channels;
    for (const auto& wanted : dialect_->connect_channels(principal_, st.resource_id)) {
        std::string reason;
        std::string canonical = authorize(wanted.channel, reason);
        if (canonical.empty()) {
            if (wanted.required) return refuse_connection(refusal::not_allowed, reason);
            continue;
        }
        if (is_subscribed(canonical)) continue;
        if (!join_channel(canonical, reason, firsts, first_channels) && wanted.required)
            return refuse_connection(refusal::too_many, reason);
    }
    send_first_states(firsts, first_channels);
}

bool session::join_channel(const std::string& canonical, std::string& reason, std::vector<first_state>& firsts,
                           std::vector<std::string>& first_channels) {
    if (channels_.size() >= static_cast<std::size_t>(limits().subscriptions_per_connection)) {
        reason = "subscription_limit";
        return false;
    }
    if (ctx_.subscriptions) {
        if (std::string refused = ctx_.subscriptions->admit(principal_, canonical); !refused.empty()) {
            reason = std::move(refused);
            return false;
        }
    }
    hub::subscribe_result r;
    auto subscribe = [&] { r = ctx_.hub.subscribe(worker_, this, canonical, std::nullopt); };
    if (ctx_.subscriptions) {
        if (first_state first = ctx_.subscriptions->join(principal_, canonical, subscribe); !first.type.empty()) {
            firsts.push_back(std::move(first));
            first_channels.push_back(canonical);
        }
    } else {
        subscribe();
    }
    channels_.push_back({r.channel, r.current.seq});
    core::global_metrics().subscriptions_current.fetch_add(1, std::memory_order_relaxed);
    return true;
}

// A channel's state for this connection alone, rendered as the dialect renders an event of
// type first_state::type (seq 0: it is not part of the channel's numbering).
void session::send_first_states(const std::vector<first_state>& firsts, const std::vector<std::string>& channels) {
    for (std::size_t i = 0; i < firsts.size() && !stopped_; ++i) {
        hub::event ev;
        ev.channel = channels[i];
        ev.type = firsts[i].type;
        ev.data = firsts[i].data;
        ev.timestamp_ms = core::unix_ms();
        simdjson::dom::element data;
        if (first_state_parser().parse(ev.data).get(data) != simdjson::SUCCESS) continue;
        std::string out;
        if (dialect_->render_event(out, ev, data)) out_.send_text(out);
        if (auto close = dialect_->close_after(ev)) {
            out_.close(close->code, close->reason);
            stop();
        }
    }
}

void session::on_dialect_text(std::string_view text, std::int64_t now_ms) {
    core::global_metrics().messages_in.fetch_add(1, std::memory_order_relaxed);
    if (!take_rate_token(now_ms)) {
        core::global_metrics().rate_limit_hits.fetch_add(1, std::memory_order_relaxed);
        if (++rate_strikes_ >= ctx_.config.limits.rate_limit_strikes) {
            out_.close(k_close_policy, "rate limit exceeded");
            stop();
            return;
        }
        const double per_second = limits().messages_per_minute / 60.0;
        const int retry_after = std::max(1, static_cast<int>(std::ceil((1.0 - rate_tokens_) / per_second)));
        std::string out;
        dialect_->render_rate_limited(out, retry_after);
        if (!out.empty()) out_.send_text(out);
        return;
    }
    request asked = dialect_->parse(text, dialect_state_->resource_id);
    switch (asked.what) {
        case request::op::ignore: return;
        case request::op::reply: out_.send_text(asked.text); return;
        case request::op::close:
            out_.close(asked.close.code != 0 ? asked.close.code : k_close_policy, asked.close.reason);
            stop();
            return;
        case request::op::join_order: {
            std::string id = asked.target;
            if (ctx_.orders != nullptr) {
                auto found = ctx_.orders->order_id(asked.target);
                if (!found) {
                    protocol::join_outcome o;
                    o.failed.emplace_back(asked.target, "not_found");
                    std::string out;
                    dialect_->render_joined(out, asked, o);
                    if (!out.empty()) out_.send_text(out);
                    return;
                }
                id = std::move(*found);
            }
            asked.channels = {"order:" + id};
            [[fallthrough]];
        }
        case request::op::join: {
            protocol::join_outcome o;
            std::vector<first_state> firsts;
            std::vector<std::string> first_channels;
            for (const std::string& name : asked.channels) {
                std::string reason;
                std::string canonical = authorize(name, reason);
                if (canonical.empty()) {
                    o.failed.emplace_back(asked.what == request::op::join_order ? asked.target : name, reason);
                    continue;
                }
                if (is_subscribed(canonical) || join_channel(canonical, reason, firsts, first_channels))
                    o.joined.push_back(std::move(canonical));
                else
                    o.failed.emplace_back(asked.what == request::op::join_order ? asked.target : name, reason);
            }
            std::string out;
            dialect_->render_joined(out, asked, o);
            if (!out.empty()) out_.send_text(out);
            send_first_states(firsts, first_channels);
            return;
        }
        case request::op::leave: {
            protocol::join_outcome o;
            for (const std::string& name : asked.channels) {
                auto parsed = auth::parse_channel(name);
                const std::string canonical = parsed ? parsed.value().str() : std::string();
                auto it = std::find_if(channels_.begin(), channels_.end(),
                                       [&](const subscription& s) { return s.channel == canonical; });
                if (it == channels_.end()) {
                    o.failed.emplace_back(name, "not_subscribed");
                    continue;
                }
                channels_.erase(it);
                ctx_.hub.unsubscribe(worker_, this, canonical);
                core::global_metrics().subscriptions_current.fetch_sub(1, std::memory_order_relaxed);
                o.joined.push_back(canonical);
            }
            std::string out;
            dialect_->render_joined(out, asked, o);
            if (!out.empty()) out_.send_text(out);
            return;
        }
        case request::op::command: {
            protocol::command_outcome o;
            command_result r;
            protocol::parse_outcome parsed = protocol::parse_client_frame(asked.text);
            if (parsed.state != protocol::parse_outcome::status::ok) {
                o = {false, parsed.code, parsed.message};
            } else {
                r = ctx_.commands.handle(principal_, parsed.command);
                o = {r.ok, r.code, r.message};
            }
            std::string out;
            dialect_->render_command(out, asked, o);
            if (!out.empty()) out_.send_text(out);
            return;
        }
        case request::op::status: {
            const std::string connection_id = fmt::format("conn_{:x}", connection_number_);
            protocol::session_view view{principal_, dialect_state_->anonymous, connection_id,
                                        dialect_state_->resource_id, {}, dialect_state_->connected_at_ms, now_ms};
            view.channels.reserve(channels_.size());
            for (const auto& s : channels_) view.channels.push_back(s.channel);
            std::string out;
            dialect_->render_status(out, asked, view);
            if (!out.empty()) out_.send_text(out);
            return;
        }
    }
}

void session::deliver_dialect(const hub::event_ptr& ev) {
    const auto& frame = ev->renderings[protocol::rendering_slot(dialect_->id())];
    if (!frame) return;  // not an event this dialect carries
    if (dialect_->collapse_duplicates() && !first_time(ev, frame)) return;
    out_.send_shared(frame, ev->published_ns);
    // Only close here: leaving the hub's channels is stop()'s work, never done from inside
    // the hub's delivery; the transport stops the session when the connection ends.
    if (auto close = dialect_->close_after(*ev)) out_.close(close->code, close->reason);
}

// One change reaches a connection on each of its channels it holds (site:X:orders and
// order:Y), and one PATCH may publish several canonical events that a flat dialect renders
// alike. A repeat is the same type and data on another channel (a fan-out, whatever the
// frame's timestamp), or a frame byte-equal to a recent one.
bool session::first_time(const hub::event_ptr& ev, const std::shared_ptr<const std::string>& frame) {
    auto& recent = dialect_state_->recent;
    const std::size_t slot = protocol::rendering_slot(dialect_->id());
    for (const auto& r : recent) {
        if (!r) continue;
        if (r->channel != ev->channel && r->type == ev->type && r->data == ev->data) return false;
        if (const auto& seen = r->renderings[slot]; seen == frame || *seen == *frame) return false;
    }
    recent[1] = std::move(recent[0]);
    recent[0] = ev;
    return true;
}

void session::tick_dialect(std::int64_t now_ms) {
    dialect_state& st = *dialect_state_;
    if (!st.anonymous && now_ms >= principal_.expires_at * 1000)
        return refuse_connection(refusal::expired_token, "the token expired; reconnect with a new token");
    const int every = limits().heartbeat_interval_ms;
    if (every > 0 && now_ms - st.last_heartbeat_ms >= every) {
        st.last_heartbeat_ms = now_ms;
        std::string out;
        dialect_->render_heartbeat(out, now_ms);
        if (!out.empty()) out_.send_text(out);
    }
}

}  // namespace ordercast::session

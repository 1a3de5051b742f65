// Joining and leaving channels, for every dialect: subscribe (optionally from positions),
// reconnect (from a message id), join_order and the dialect's connect channels share one
// path. A resume on a channel this connection already holds (one joined automatically on
// connect, say) replays only what came before that subscription started, since everything
// after it has been delivered live: no gap, no duplicate. Also the delivery of dialects that
// keep connection state.
#include <algorithm>
#include <span>

#include "auth/channel_name.hpp"
#include "auth/permission_rules.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "hub/hub.hpp"
#include "session/order_ref_resolver.hpp"
#include "session/session.hpp"
#include "session/session_detail.hpp"
#include "session/subscription_hook.hpp"

namespace ordercast::session {
namespace {

using protocol::join_failure;
using protocol::request;

// The resume position the client gave for a channel, by the name it used or the canonical one.
const hub::position* position_for(const request& asked, std::string_view requested,
                                  std::string_view canonical) {
    for (const auto& [name, p] : asked.positions)
        if (name == requested) return &p;
    for (const auto& [name, p] : asked.positions)
        if (name == canonical) return &p;
    return nullptr;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Joining
// ---------------------------------------------------------------------------------------

void session::handle_join(const request& asked) {
    transport_sink sink(out_);
    protocol::join_outcome o;
    const bool by_message_id = asked.what == request::op::reconnect;
    const std::string_view last_message_id =
        by_message_id ? std::string_view(asked.last_message_id) : std::string_view();
    o.asked_resume = by_message_id;
    // join_order names an order by id or number; failures name it as the client did.
    std::string order_channel;
    if (asked.what == request::op::join_order) {
        std::string id = asked.target;
        if (ctx_.orders != nullptr) {
            auto found = ctx_.orders->order_id(asked.target);
            if (!found) {
                o.failed.push_back({asked.target, join_failure::not_found, {}});
                return dialect_->render_joined(sink, asked, o);
            }
            id = std::move(*found);
        }
        order_channel = "order:" + id;
    }
    const std::span<const std::string> names = order_channel.empty()
                                                   ? std::span<const std::string>(asked.channels)
                                                   : std::span<const std::string>(&order_channel, 1);
    const std::size_t slot = protocol::rendering_slot(dialect_->id());
    std::size_t replay_bytes = 0;
    const std::size_t replay_budget = static_cast<std::size_t>(ctx_.config.limits.outbound_queue_bytes) / 2;
    for (const std::string& requested : names) {
        protocol::failed_channel failure{order_channel.empty() ? requested : asked.target, {}, {}};
        std::optional<std::string> canonical = authorize(requested, failure);
        if (!canonical) {
            o.failed.push_back(std::move(failure));
            continue;
        }
        if (std::find(o.joined.begin(), o.joined.end(), *canonical) != o.joined.end())
            continue;  // named twice
        const hub::position* from = by_message_id ? nullptr : position_for(asked, requested, *canonical);
        o.asked_resume = o.asked_resume || from != nullptr;
        std::vector<hub::event_ptr> missed;
        bool recovered = true;
        if (subscription* existing = find_subscription(*canonical)) {
            if (by_message_id)
                recovered = missed_before_start(*existing, last_message_id, missed);
            else if (from)
                recovered = missed_before_start(*existing, *from, missed);
            o.positions.emplace_back(*canonical,
                                     hub::position{existing->start_seq, ctx_.hub.channel_epoch(*canonical)});
        } else if (auto failed =
                       join_channel(*canonical, last_message_id, from, true, o, missed, recovered)) {
            failed->channel = std::move(failure.channel);
            o.failed.push_back(std::move(*failed));
            continue;
        }
        // A replay larger than half the outbound queue would get its reader closed as slow:
        // past that budget the client is told to reload over REST instead.
        std::size_t bytes = 0;
        std::erase_if(missed, [&](const hub::event_ptr& ev) { return ev->rendering(slot) == nullptr; });
        for (const auto& ev : missed) bytes += ev->rendering(slot)->bytes->size();
        if (replay_bytes + bytes > replay_budget) {
            missed.clear();
            recovered = false;
        }
        replay_bytes += bytes;
        o.recovered = o.recovered && recovered;
        for (auto& ev : missed) o.replay.push_back(std::move(ev));
        o.joined.push_back(std::move(*canonical));
    }
    std::sort(o.replay.begin(), o.replay.end(),
              [](const hub::event_ptr& a, const hub::event_ptr& b) { return a->global_id < b->global_id; });
    dialect_->render_joined(sink, asked, o);
    if (dialect_->traits().acknowledges) {
        const std::int64_t due = core::unix_ms() + ctx_.config.hub.ack_timeout_ms;
        for (const auto& ev : o.replay)
            if (ev->requires_ack)
                acks_.track(ev, due, static_cast<std::size_t>(ctx_.config.hub.ack_max_pending));
    }
    close_after_first_states(o);
}

std::optional<protocol::failed_channel> session::join_channel(
    const std::string& canonical, std::string_view last_message_id, const hub::position* from, bool limited,
    protocol::join_outcome& o, std::vector<hub::event_ptr>& missed, bool& recovered) {
    if (limited && channels_.size() >= static_cast<std::size_t>(limits().subscriptions_per_connection))
        return protocol::failed_channel{{}, join_failure::subscription_limit, {}};
    if (ctx_.subscriptions != nullptr) {
        if (std::string refused = ctx_.subscriptions->admit(principal_, canonical); !refused.empty())
            return protocol::failed_channel{{}, join_failure::refused, std::move(refused)};
    }
    hub::subscribe_result r;
    auto subscribe = [&] {
        r = !last_message_id.empty()
                ? ctx_.hub.subscribe_after_message(worker_, this, canonical, last_message_id)
            : from != nullptr ? ctx_.hub.subscribe(worker_, this, canonical, *from)
                              : ctx_.hub.subscribe(worker_, this, canonical, std::nullopt);
    };
    if (ctx_.subscriptions != nullptr) {
        if (protocol::first_state first = ctx_.subscriptions->join(principal_, canonical, subscribe);
            !first.type.empty())
            o.first_states.emplace_back(canonical, std::move(first));
    } else {
        subscribe();
    }
    recovered = (last_message_id.empty() && from == nullptr) || r.recovered;
    missed = std::move(r.replay);
    o.positions.emplace_back(canonical, r.current);
    channels_.push_back({r.channel, r.current.seq});
    core::global_metrics().subscriptions_current.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
}

void session::close_after_first_states(const protocol::join_outcome& o) {
    for (const auto& [channel, state] : o.first_states) {
        if (auto close = dialect_->close_after(protocol::first_state_event(channel, state))) {
            out_.close(close->code, close->reason);
            stop();
            return;
        }
    }
}

std::optional<std::string> session::authorize(std::string_view requested,
                                              protocol::failed_channel& failure) const {
    auto parsed = auth::parse_channel(requested);
    if (!parsed) {
        failure.why = join_failure::invalid_channel;
        failure.detail = std::string(auth::to_string(parsed.error()));
        return std::nullopt;
    }
    if (!auth::authorize(ctx_.permissions, ctx_.ownership, principal_, parsed.value()).allowed()) {
        failure.why = join_failure::not_allowed;
        return std::nullopt;
    }
    return parsed.value().str();
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
    bool reaches_back = events.empty()
                            ? sub.start_seq == 0
                            : events.front()->seq == 1 || events.front()->global_id <= ref->global_id;
    if (!reaches_back) return false;
    for (auto& ev : events)
        if (ev->global_id > ref->global_id && ev->seq <= sub.start_seq) out.push_back(std::move(ev));
    return true;
}

// ---------------------------------------------------------------------------------------
// Leaving
// ---------------------------------------------------------------------------------------

void session::handle_unsubscribe(const request& asked) {
    protocol::join_outcome o;
    for (const std::string& requested : asked.channels) {
        auto parsed = auth::parse_channel(requested);
        if (!parsed) {
            o.failed.push_back(
                {requested, join_failure::invalid_channel, std::string(auth::to_string(parsed.error()))});
            continue;
        }
        const std::string& canonical = parsed.value().str();
        auto it = std::find_if(channels_.begin(), channels_.end(),
                               [&](const subscription& sub) { return sub.channel == canonical; });
        if (it == channels_.end()) {
            o.failed.push_back({requested, join_failure::not_subscribed, {}});
            continue;
        }
        leave_channel(it);
        o.joined.push_back(canonical);
    }
    transport_sink sink(out_);
    dialect_->render_joined(sink, asked, o);
}

std::vector<session::subscription>::iterator session::leave_channel(std::vector<subscription>::iterator it) {
    // it->channel views the hub's copy, which unsubscribe frees: copy it first.
    const std::string channel(it->channel);
    // Critical events of a channel the client left are not sent again.
    acks_.forget_channel(channel);
    auto next = channels_.erase(it);
    ctx_.hub.unsubscribe(worker_, this, channel);
    core::global_metrics().subscriptions_current.fetch_sub(1, std::memory_order_relaxed);
    return next;
}

// ---------------------------------------------------------------------------------------
// Delivery to dialects that keep connection state
// ---------------------------------------------------------------------------------------

void session::deliver_with_state(const hub::event_ptr& ev) {
    const hub::rendered_frame* frame = ev->rendering(protocol::rendering_slot(dialect_->id()));
    if (frame == nullptr) {  // not an event this dialect carries, but it may end the connection
        if (auto close = dialect_->close_after(*ev)) out_.close(close->code, close->reason);
        return;
    }
    const protocol::dialect_traits& traits = dialect_->traits();
    if (traits.collapse_duplicates && !first_time(ev, *frame)) return;
    out_.send_shared(frame->bytes, ev->published_ns);
    if (ev->requires_ack && traits.acknowledges)
        acks_.track(ev, core::unix_ms() + ctx_.config.hub.ack_timeout_ms,
                    static_cast<std::size_t>(ctx_.config.hub.ack_max_pending));
    // Only close here: leaving the hub's channels is stop()'s work, never done from inside
    // the hub's delivery; the transport stops the session when the connection ends.
    if (auto close = dialect_->close_after(*ev)) out_.close(close->code, close->reason);
}

// One change reaches a connection on each of its channels it holds (site:X:orders and
// order:Y), and one PATCH may publish several canonical events that a flat dialect renders
// alike. A repeat is the same type and data on another channel (a fan-out, whatever the
// frame's timestamp), or a frame byte-equal to a recent one.
bool session::first_time(const hub::event_ptr& ev, const hub::rendered_frame& frame) {
    auto& recent = state_->recent;
    const std::size_t slot = protocol::rendering_slot(dialect_->id());
    for (const auto& r : recent) {
        if (!r) continue;
        if (r->channel != ev->channel && r->type == ev->type && r->data == ev->data) return false;
        if (const hub::rendered_frame* seen = r->rendering(slot);
            seen != nullptr && (seen->bytes == frame.bytes || *seen->bytes == *frame.bytes))
            return false;
    }
    recent[1] = std::move(recent[0]);
    recent[0] = ev;
    return true;
}

}  // namespace ordercast::session

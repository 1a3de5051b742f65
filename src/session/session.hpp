#pragma once
// The protocol state of one authenticated WebSocket connection, independent of the
// transport and of the wire format: its dialect decodes each client message into a
// protocol::request, the session executes it (hub joins with permissions, ownership and the
// subscription hook; domain commands through command_handler; limits), and the dialect
// renders the outcome. It also tracks critical events until acknowledged and watches the
// token's expiry. The transport (net/websocket_connection) owns it, feeds it complete text
// messages, and writes what it sends.
//
// Threading: everything runs on the connection's worker thread.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.hpp"
#include "hub/event.hpp"
#include "hub/subscriber.hpp"
#include "protocol/dialect.hpp"
#include "session/ack_tracker.hpp"
#include "session/rate_limiter.hpp"
#include "session/session_context.hpp"

namespace ordercast::session {

// Implemented by the transport. Worker thread only.
class transport {
public:
    // Queues a frame rendered once and shared with other connections (an event).
    virtual void send_shared(const std::shared_ptr<const std::string>& frame, std::int64_t published_ns) = 0;
    // Queues a text message owned by this connection (an answer).
    virtual void send_text(std::string_view json) = 0;
    // Sends a close frame with `code` after what is queued, then ends the connection.
    virtual void close(std::uint16_t code, std::string_view reason) = 0;
    // What of the transport send_shared() touches, for the hub to prefetch (none by default).
    virtual hub::subscriber::memory_span delivery_memory() const { return {}; }

protected:
    ~transport() = default;
};

class session final : public hub::subscriber {
public:
    // `connection_number` identifies the connection in this process (connectionId "conn_<hex>").
    // `dialect` is the wire format of the connection's path; `resource_id` the path's {id};
    // `anonymous` when the dialect admitted it without a token (it never expires).
    session(session_context& ctx, hub::worker_id worker, transport& out, auth::principal who,
            std::uint64_t connection_number, const protocol::dialect& dialect, std::string resource_id = {},
            bool anonymous = false);
    session(const session&) = delete;
    session& operator=(const session&) = delete;
    ~session();

    // Joins the dialect's connect channels (v1: the role's automatic ones) and says hello in
    // the dialect's way (v1: connection_established), or refuses the connection.
    void start(std::int64_t now_ms);
    // A complete text message from the client.
    void on_text(std::string_view text, std::int64_t now_ms);
    // Periodic housekeeping (about once a second): redelivers unacknowledged critical
    // events, sends the dialect's heartbeat, warns of and enforces token expiry.
    void tick(std::int64_t now_ms);
    // An inbound message over limits.max_message_bytes: the dialect's error frame, if it has one
    // (the connection then closes with 1009).
    void on_too_large();
    // Leaves every channel; no event is delivered afterwards. Idempotent.
    void stop();

    void deliver(const hub::event_ptr& ev) override;

    const auth::principal& principal() const { return principal_; }
    std::size_t subscription_count() const { return channels_.size(); }

private:
    // 24 bytes: an idle connection's subscriptions are a good part of its footprint.
    struct subscription {
        std::string_view channel;  // canonical name; the hub's copy (subscribe_result::channel)
        std::uint64_t start_seq;   // live delivery began after this seq, in the channel's
                                   // current epoch (which cannot change while subscribed)
    };
    // What a connection of a dialect with traits().connection_state keeps (session_detail.hpp).
    struct connection_state;

    void handle(const protocol::request& asked, std::int64_t now_ms);
    // Answers a message refused by the rate limit; closes after limits.rate_limit_strikes.
    void refuse_over_rate(const protocol::request& asked);
    void handle_ack(const protocol::request& asked);
    void handle_refresh(const protocol::request& asked);
    void handle_command(const protocol::request& asked);
    void handle_status(const protocol::request& asked, std::int64_t now_ms);
    void refuse_connection(protocol::refusal why, std::string_view detail);
    void send_text(std::string_view text) { out_.send_text(text); }

    // ---- joining and leaving (session_join.cpp) ------------------------------------------
    // subscribe (optionally from positions), reconnect (from a message id) and join_order
    // share one path, and so do the dialect's connect channels.
    void handle_join(const protocol::request& asked);
    void handle_unsubscribe(const protocol::request& asked);
    // Joins `canonical` (authorized, not held yet) through the subscription hook, resuming
    // after `last_message_id` or from `from` when given: adds its position and first state to
    // `o`, and sets `missed` and `recovered`. nullopt on success; else why it failed
    // (subscription_limit when `limited`, or refused by the hook), without a channel name.
    std::optional<protocol::failed_channel> join_channel(
        const std::string& canonical, std::string_view last_message_id, const hub::position* from,
        bool limited, protocol::join_outcome& o, std::vector<hub::event_ptr>& missed, bool& recovered);
    // Leaves the channel of `it` (and forgets its unacknowledged events); returns the next.
    std::vector<subscription>::iterator leave_channel(std::vector<subscription>::iterator it);
    // Checks a requested channel name; the canonical name, or nullopt with the failure.
    std::optional<std::string> authorize(std::string_view requested, protocol::failed_channel& failure) const;
    subscription* find_subscription(std::string_view canonical);
    // The events of an existing subscription's channel after `from` and up to where the
    // subscription started. Returns false when history no longer reaches back (or the
    // epoch differs): the client must reload.
    bool missed_before_start(const subscription& sub, const hub::position& from,
                             std::vector<hub::event_ptr>& out) const;
    bool missed_before_start(const subscription& sub, std::string_view last_message_id,
                             std::vector<hub::event_ptr>& out) const;
    // After the first states of `o` were sent: closes the connection when the dialect says
    // one ends it (progress: an operation that already ended).
    void close_after_first_states(const protocol::join_outcome& o);

    // ---- delivery of dialects with connection state (session_join.cpp) -------------------
    void deliver_with_state(const hub::event_ptr& ev);
    // False when `ev` repeats one of the last two events sent (dialect_traits::collapse_duplicates).
    bool first_time(const hub::event_ptr& ev, const hub::rendered_frame& frame);
    bool anonymous() const noexcept;
    std::string_view resource_id() const noexcept;

    const protocol::dialect_limits& limits() const { return dialect_->limits(); }

    session_context& ctx_;
    transport& out_;
    const protocol::dialect* dialect_;
    std::unique_ptr<connection_state> state_;  // only with traits().connection_state (v1 keeps its footprint)
    auth::principal principal_;
    std::uint64_t connection_number_;
    std::vector<subscription> channels_;  // unsorted (few per connection)
    ack_tracker acks_;                    // dialects that acknowledge (v1)
    rate_limiter rate_;
    hub::worker_id worker_;
    bool expiring_sent_ = false;
    bool stopped_ = false;
};

}  // namespace ordercast::session

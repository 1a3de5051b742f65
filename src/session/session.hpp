#pragma once
// The protocol state of one authenticated WebSocket connection, independent of the
// transport: it turns client messages into hub and domain calls, enforces the
// per-connection limits (rate, subscriptions), tracks critical events until acknowledged,
// and watches the token's expiry. The transport (net/websocket_connection) owns it, feeds it
// complete text messages, and writes what it sends.
//
// Threading: everything runs on the connection's worker thread.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.hpp"
#include "hub/event.hpp"
#include "hub/subscriber.hpp"
#include "protocol/dialect.hpp"
#include "protocol/v1_codec.hpp"
#include "session/session_context.hpp"
#include "session/subscription_hook.hpp"

namespace ordercast::session {

// Implemented by the transport. Worker thread only.
class transport {
public:
    // Queues a frame rendered once and shared with other connections (an event).
    virtual void send_shared(const std::shared_ptr<const std::string>& frame, std::int64_t published_ns) = 0;
    // Queues a text message owned by this connection (a response).
    virtual void send_text(std::string_view json) = 0;
    // Sends a close frame with `code` after what is queued, then ends the connection.
    virtual void close(std::uint16_t code, std::string_view reason) = 0;
    // What of the transport send_shared() touches, for the hub to prefetch (none by default).
    virtual hub::subscriber::memory_span delivery_memory() const { return {}; }

protected:
    ~transport() = default;
};

// The hub rendering slot of the canonical dialect.
inline constexpr std::size_t k_v1_rendering = 0;

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

    // v1: sends connection_established and joins the role's automatic channels. Other
    // dialects: joins the dialect's connect channels (or refuses the connection).
    void start(std::int64_t now_ms);
    // A complete text message from the client.
    void on_text(std::string_view text, std::int64_t now_ms);
    // Periodic housekeeping (about once a second): redelivers unacknowledged critical
    // events, warns of and enforces token expiry.
    void tick(std::int64_t now_ms);
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
    struct pending_ack {
        hub::event_ptr event;
        std::int64_t due_ms;
        int retries;
    };

    void handle(const protocol::client_command& cmd, std::int64_t now_ms);
    // subscribe (positions) or reconnect (lastMessageId): join channels and replay.
    void handle_join(const protocol::client_command& cmd, bool by_message_id);
    void handle_unsubscribe(const protocol::client_command& cmd);
    subscription* find_subscription(std::string_view canonical);
    // The events of an existing subscription's channel after `from` and up to where the
    // subscription started. Returns false when history no longer reaches back (or the
    // epoch differs): the client must reload.
    bool missed_before_start(const subscription& sub, const hub::position& from,
                             std::vector<hub::event_ptr>& out) const;
    bool missed_before_start(const subscription& sub, std::string_view last_message_id,
                             std::vector<hub::event_ptr>& out) const;
    void handle_ping(const protocol::client_command& cmd);
    void handle_ack(const protocol::client_command& cmd, std::int64_t now_ms);
    bool handle_refresh_token(const protocol::client_command& cmd);

    // Checks a requested channel name; returns the canonical name, or empty and sets `reason`.
    std::string authorize(std::string_view requested, std::string& reason) const;
    bool is_subscribed(std::string_view canonical) const;
    void send_replay(std::vector<hub::event_ptr>& events, std::string_view from_message_id);
    static std::string render_first_state(std::string_view channel, const first_state& state);
    void send_error(core::error_code code, std::string_view message);
    // Returns false when the message must be refused by the rate limit.
    bool take_rate_token(std::int64_t now_ms);
    // Answers a message refused by the rate limit; closes 1008 after limits.rate_limit_strikes.
    void refuse_over_rate(std::string_view message_id);
    void track_ack(const hub::event_ptr& ev, std::int64_t now_ms);
    void redeliver_due(std::int64_t now_ms);
    void forget_spent_acks();
    // Removes the pending acknowledgements `drop` selects.
    template <typename Pred>
    void drop_pending_acks(Pred drop);
    const protocol::dialect_limits& limits() const { return dialect_->limits(); }
    bool is_v1() const { return dialect_->id() == protocol::dialect_id::v1; }

    // The seed dialects (session_dialect.cpp): the session executes what the dialect parsed.
    struct dialect_state;
    void make_dialect_state(std::string resource_id, bool anonymous);
    void start_dialect(std::int64_t now_ms);
    void on_dialect_text(std::string_view text, std::int64_t now_ms);
    void deliver_dialect(const hub::event_ptr& ev);
    void tick_dialect(std::int64_t now_ms);
    // Joins `canonical` (already authorized) through the subscription hook; false with
    // `reason` when the per-connection limit or the hook refused. Sends nothing.
    bool join_channel(const std::string& canonical, std::string& reason, std::vector<first_state>& firsts,
                      std::vector<std::string>& first_channels);
    void send_first_states(const std::vector<first_state>& firsts, const std::vector<std::string>& channels);
    void refuse_connection(protocol::refusal why, std::string_view detail);
    // False when `ev` repeats one of the last two events sent (see dialect::collapse_duplicates).
    bool first_time(const hub::event_ptr& ev, const std::shared_ptr<const std::string>& frame);

    session_context& ctx_;
    transport& out_;
    const protocol::dialect* dialect_;
    std::unique_ptr<dialect_state> dialect_state_;  // seed dialects only (v1 keeps its footprint)
    auth::principal principal_;
    std::uint64_t connection_number_;
    std::vector<subscription> channels_;  // unsorted (few per connection)
    // Critical events sent and not yet acknowledged, oldest first (so in order of due time): at
    // most hub.ack_max_pending. Entries before pending_head_ are spent; forget_spent_acks() drops them.
    std::vector<pending_ack> pending_acks_;
    std::uint32_t pending_head_ = 0;
    double rate_tokens_;
    std::int64_t rate_refilled_ms_ = 0;
    hub::worker_id worker_;
    int rate_strikes_ = 0;
    bool expiring_sent_ = false;
    bool stopped_ = false;
};

}  // namespace ordercast::session

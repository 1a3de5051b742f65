#pragma once
// A dialect is the only place that knows one wire format: it decodes its clients' frames into
// the canonical requests of request.hpp, and renders canonical events and the session's
// outcomes (joins, results, refusals) into its frames. The session executes the requests
// (joins with permissions, ownership and the subscription hook; domain commands through
// command_handler; rate limits), so a dialect holds no connection state and one object serves
// every connection and thread.
//
// The dialects: v1 (the canonical protocol, the restaurant ordering clients', /v1), factory (the
// factory dashboard, /ws), rooms (the manufacturing system's rooms clients, /rooms), progress
// (the scheduler's progress clients, /ws/schedule/{id} and /ws/operations/{id}), shop (the shop
// app, /ws/orders/{user_id}), restaurant (/v1's protocol in the restaurant ordering clients' own
// names, off by default). Each lives in one file under protocol/dialects/ with its tables.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/principal.hpp"
#include "core/config.hpp"
#include "core/error_code.hpp"
#include "hub/event.hpp"
#include "protocol/event_table.hpp"
#include "protocol/request.hpp"

namespace ordercast::protocol {

enum class dialect_id : std::uint8_t { v1, factory, rooms, progress, shop, restaurant };
inline constexpr std::size_t k_dialect_count = 6;

// The slot of hub::event::renderings holding this dialect's frame of an event.
constexpr std::size_t rendering_slot(dialect_id d) noexcept {
    return static_cast<std::size_t>(d);
}
// "v1", "factory", "rooms", "progress", "shop", "restaurant" (config sections are "dialect_<name>").
std::string_view to_string(dialect_id d) noexcept;

// Per-connection limits. Defaults come from the dialect's seed; config overrides them.
struct dialect_limits {
    int subscriptions_per_connection = 100;
    int messages_per_minute = 600;
    int message_burst = 10;
    std::int64_t max_message_bytes = 65536;
    int heartbeat_interval_ms = 0;  // 0: none; else render_heartbeat() this often (progress: JSON ping)
};

// What the session reads of a dialect on its delivery path: plain data, no virtual call.
struct dialect_traits {
    // Critical events (requiresAck) are tracked until the client acknowledges them, and sent
    // again when it does not (v1).
    bool acknowledges = false;
    // The frames carry no channel and seq, so one change published on two channels a
    // connection holds (site:X:orders and order:Y) would arrive twice: the session drops an
    // event that repeats one of the last two it sent (same type and data on another channel,
    // or a byte-equal frame). Seed dialects.
    bool collapse_duplicates = false;
    // The session keeps, per connection, the path's {id}, the connect time, the heartbeat
    // clock and whether it was admitted without a token. A /v1 connection does not pay for it.
    bool connection_state = false;
    // Frames are decoded before the rate limit is applied, so that a refusal can cite the
    // message's id and a frame that is not JSON closes 1003 whatever the rate (v1). Otherwise a
    // frame over the rate is dropped unread (seed dialects).
    bool decode_before_rate_limit = false;
    // A connection without a valid token is refused at the upgrade, over HTTP (401, or 403 for
    // a resource that is not the principal's), instead of accepted and then closed with the
    // dialect's refusal frame: what an API gateway's connect authorizer does, and what such a
    // gateway's clients expect. Browsers cannot read that answer, so it is opt-in.
    bool refuse_at_upgrade = false;
};

// Why a connection is refused after the upgrade, or closed later (the dialect turns it into
// its frame and close).
enum class refusal : std::uint8_t {
    missing_token,  // no token and the dialect admits no anonymous connections
    bad_token,      // signature, algorithm, issuer, audience, not-yet-valid
    expired_token,  // at connect, or later while connected
    no_subject,     // a valid token without `sub`
    not_allowed,    // the path's resource is not this principal's (shop user, progress operation)
    too_many,       // connection registry limit, or the subscription hook refused admission
    rate_limited,   // the rate limit refused limits.rate_limit_strikes messages
};

// What to send before closing a refused connection. `text` may be empty (no frame).
struct refusal_frame {
    std::string text;
    close_spec close;
};

// A read-only picture of one connection, built on demand for the answers that describe it
// (connection_established, getRooms, getStatus). Views are valid for the call only.
struct session_view {
    const auth::principal& who;
    bool anonymous = false;
    std::string_view connection_id;          // "conn_<hex>"
    std::string_view resource_id;            // the path's {id}, or empty
    std::vector<std::string_view> channels;  // canonical names, in join order
    std::int64_t connected_at_ms = 0;
    std::int64_t now_ms = 0;
};

// Where a dialect writes its answers: each send() is one complete text message, queued in
// order. Implemented by the session over its transport.
class reply_sink {
public:
    virtual void send(std::string_view text) = 0;

protected:
    ~reply_sink() = default;
};

// One row of a dialect's message table: what docs/protocol.md must list (a test checks it).
struct message_row {
    enum class way : std::uint8_t { in, out } direction;
    std::string_view wire;       // the frame as its clients name it (a type, an action)
    std::string_view canonical;  // the canonical command or event it maps to
    std::string_view fields;     // its fields, as documented
};

class dialect {
public:
    virtual ~dialect() = default;
    dialect(const dialect&) = delete;
    dialect& operator=(const dialect&) = delete;

    dialect_id id() const noexcept { return id_; }
    std::string_view name() const noexcept { return to_string(id_); }
    const dialect_limits& limits() const noexcept { return limits_; }
    const dialect_traits& traits() const noexcept { return traits_; }

    // ---- connect (worker thread) --------------------------------------------------------
    // The principal of a connection that brought no token, or nullopt: refused (missing_token).
    virtual std::optional<auth::principal> anonymous(std::string_view /*resource_id*/) const {
        return std::nullopt;
    }
    // nullopt when `who` may use the path's resource; else the refusal (shop: sub != {user_id}).
    virtual std::optional<refusal> check_resource(const auth::principal& /*who*/,
                                                  std::string_view /*resource_id*/) const {
        return std::nullopt;
    }
    // Channels joined without asking, canonical, in order. Each still passes the permission
    // rules, ownership and the subscription hook; a refused `required` one refuses the
    // connection (not_allowed, or too_many when the limit or the hook refused), others are
    // skipped. `limited` ones count against limits.subscriptions_per_connection when joined;
    // the others were configured by the operator, not asked for by the client.
    struct connect_channel {
        std::string channel;
        bool required = false;
        bool limited = true;
    };
    virtual std::vector<connect_channel> connect_channels(const auth::principal& who,
                                                          std::string_view resource_id) const = 0;
    // After the connect channels are joined (`joined`, canonical): v1's connection_established.
    virtual void render_connected(reply_sink& /*out*/, const session_view& /*view*/,
                                  const std::vector<std::string>& /*joined*/) const {}
    virtual refusal_frame render_refusal(refusal why, std::string_view detail) const = 0;

    // ---- inbound (worker thread; use a thread_local parser) -----------------------------
    // `resource_id` is the connection's path {id} (the operation a progress `cancel` means).
    virtual request parse(std::string_view frame, std::string_view resource_id) const = 0;
    // The answer to subscribe, reconnect, join_order and unsubscribe, with the replay of missed
    // events and then the first states of the channels joined.
    virtual void render_joined(reply_sink& /*out*/, const request& /*asked*/,
                               const join_outcome& /*outcome*/) const {}
    // One channel's first state for this connection alone. By default the state rendered as
    // render_event() renders an event of its type.
    virtual void render_first_state(reply_sink& out, std::string_view channel,
                                    const first_state& state) const;
    virtual void render_pong(reply_sink& /*out*/, const request& /*asked*/, std::int64_t /*now_ms*/) const {}
    // How ping, ack, refresh and a domain command went (after the pong or token_refreshed).
    virtual void render_result(reply_sink& /*out*/, const request& /*asked*/,
                               const command_outcome& /*outcome*/) const {}
    // The connection's token was replaced; `revoked` are the channels it no longer allows.
    virtual void render_token_refreshed(reply_sink& /*out*/, const request& /*asked*/,
                                        std::int64_t /*expires_at_ms*/,
                                        const std::vector<std::string>& /*revoked*/) const {}
    virtual void render_status(reply_sink& /*out*/, const request& /*asked*/,
                               const session_view& /*view*/) const {}
    // A message dropped by the rate limit (the session closes with refusal::rate_limited after
    // limits.rate_limit_strikes).
    virtual void render_rate_limited(reply_sink& /*out*/, const request& /*asked*/,
                                     int /*retry_after_s*/) const {}
    // A message over limits.max_message_bytes arrived; the connection closes with 1009 next,
    // which says it to every client. A dialect whose clients expect an error frame first
    // writes it here.
    virtual void render_too_large(reply_sink& /*out*/, std::int64_t /*limit_bytes*/) const {}

    // ---- housekeeping (worker thread) ---------------------------------------------------
    // The token expires at `expires_ms` (auth.token_expiring_notice_s ahead), once per token.
    virtual void render_token_expiring(reply_sink& /*out*/, std::int64_t /*expires_ms*/,
                                       std::int64_t /*now_ms*/) const {}
    // A dialect-level keep-alive (progress: {"type":"ping"}); every limits().heartbeat_interval_ms.
    virtual void render_heartbeat(reply_sink& /*out*/, std::int64_t /*now_ms*/) const {}

    // ---- outbound -----------------------------------------------------------------------
    // Once per event, on the publishing thread inside hub::publish (shard lock held): no I/O,
    // no hub calls, must not throw. `data` is ev.data parsed once for all dialects. Appends
    // this dialect's frame (JSON text) and returns true, or returns false: the dialect does not
    // carry this event. Also renders first states (see render_first_state).
    virtual bool render_event(std::string& out, const hub::event& ev, simdjson::dom::element data) const = 0;
    // Asked after `ev` was sent, or, for an event the dialect does not render, when it
    // reached the connection: close now? (progress: complete/error → {1000, ...}; for a first
    // state, "operation_state", the dialect reads ev.data to tell whether it is final; an
    // operation reassigned or deleted → {1008, ...} with no frame). Seed dialects only.
    virtual std::optional<close_spec> close_after(const hub::event& /*ev*/) const { return std::nullopt; }
    // The dialect's messages, for docs/protocol.md.
    virtual std::span<const message_row> messages() const noexcept { return {}; }
    // The table render_event walks (seed dialects), for docs/protocol.md's field tables; null
    // when the dialect renders its events in code (v1).
    virtual const event_table* events() const noexcept { return nullptr; }

protected:
    // Seed dialects keep the default traits: no acknowledgements, duplicates collapsed, state
    // per connection, frames over the rate dropped unread.
    dialect(dialect_id id, dialect_limits limits,
            dialect_traits traits = {.acknowledges = false,
                                     .collapse_duplicates = true,
                                     .connection_state = true,
                                     .decode_before_rate_limit = false})
        : id_(id), limits_(limits), traits_(traits) {}

private:
    dialect_id id_;
    dialect_limits limits_;
    dialect_traits traits_;
};

// One factory per file in protocol/dialects/; the registry builds each dialect once.
std::unique_ptr<dialect> make_v1_dialect(const core::config& cfg);
std::unique_ptr<dialect> make_factory_dialect(const core::config& cfg);
std::unique_ptr<dialect> make_rooms_dialect(const core::config& cfg);
std::unique_ptr<dialect> make_progress_dialect(const core::config& cfg);
std::unique_ptr<dialect> make_shop_dialect(const core::config& cfg);
std::unique_ptr<dialect> make_restaurant_dialect(const core::config& cfg);

}  // namespace ordercast::protocol

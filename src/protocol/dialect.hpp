#pragma once
// A dialect is the only place that knows one wire format (DESIGN §1, §3): it parses its
// clients' frames into canonical requests and renders canonical events into its frames. The
// session executes the requests (joins with permissions, ownership and the subscription
// hook; domain commands through command_handler; rate limits), so a dialect holds no
// connection state and one object serves every connection and thread.
//
// The dialects: v1 (the canonical protocol, /v1), factory (seed 000, /ws), rooms (seed 001,
// /rooms), progress (seed 002, /ws/schedule/{id} and /ws/operations/{id}), shop (seed 004,
// /ws/orders/{user_id}). Each lives in one file under protocol/dialects/ with its tables.
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

namespace ordercast::protocol {

enum class dialect_id : std::uint8_t { v1, factory, rooms, progress, shop };
inline constexpr std::size_t k_dialect_count = 5;
static_assert(k_dialect_count <= hub::k_max_renderings, "one hub rendering slot per dialect");

// The hub rendering slot holding this dialect's frame of an event.
constexpr std::size_t rendering_slot(dialect_id d) noexcept { return static_cast<std::size_t>(d); }
// "v1", "factory", "rooms", "progress", "shop" (config sections are "dialect_<name>").
std::string_view to_string(dialect_id d) noexcept;

// Per-connection limits. Defaults come from the dialect's seed; config overrides them.
struct dialect_limits {
    int subscriptions_per_connection = 100;
    int messages_per_minute = 600;
    int message_burst = 10;
    std::int64_t max_message_bytes = 65536;
    int heartbeat_interval_ms = 0;  // 0: none; else render_heartbeat() this often (progress: JSON ping)
};

// Why a connection is refused after the upgrade (the dialect turns it into its frame/close).
enum class refusal : std::uint8_t {
    missing_token,  // no token and the dialect admits no anonymous connections
    bad_token,      // signature, algorithm, issuer, audience, not-yet-valid
    expired_token,  // at connect, or later while connected
    no_subject,     // a valid token without `sub`
    not_allowed,    // the path's resource is not this principal's (shop user, progress operation)
    too_many,       // connection registry limit, or the subscription hook refused admission
};

struct close_spec {
    std::uint16_t code = 0;  // 0: do not close
    std::string reason;      // at most 123 bytes
};

// What to send before closing a refused connection. `text` may be empty (no frame).
struct refusal_frame {
    std::string text;
    close_spec close;
};

// A read-only picture of one connection, built on demand for dialect-local answers
// (getRooms, getStatus). Views are valid for the call only.
struct session_view {
    const auth::principal& who;
    bool anonymous = false;
    std::string_view connection_id;           // "conn_<hex>"
    std::string_view resource_id;             // the path's {id}, or empty
    std::vector<std::string_view> channels;   // canonical names, in join order
    std::int64_t connected_at_ms = 0;
    std::int64_t now_ms = 0;
};

// What one client frame asks the session to do.
struct request {
    enum class op : std::uint8_t {
        ignore,      // nothing to do (progress pong; shop: any valid JSON); counts as activity
        reply,       // send `text` as it is (pong, an error answer for an unknown action, ...)
        join,        // join `channels` (canonical names); answer with render_joined
        leave,       // leave `channels`; answer with render_joined (joined = those left)
        join_order,  // `target` names an order by id or number: the session resolves it to its
                     // id and joins order:{id}; answer with render_joined (joined = [order:{id}])
        command,     // `text` is a complete canonical /v1 client message (ack_alert,
                     // cancel_operation) for command_handler; answer with render_command
        status,      // answer with render_status (getRooms, getStatus)
        close,       // close the connection with `close` (1003 for a frame that is not JSON)
    } what = op::ignore;
    std::uint8_t shape = 0;             // which answer this dialect gives (its own enumeration)
    std::string text;                   // reply / command
    std::vector<std::string> channels;  // join / leave
    std::string target;                 // what the client named, echoed in the answer
    close_spec close;
};

struct join_outcome {
    std::vector<std::string> joined;                          // canonical names
    std::vector<std::pair<std::string, std::string>> failed;  // (name as asked, reason)
};

// One row of a dialect's message table: what docs/protocol.md must list (a test checks it).
struct message_row {
    enum class way : std::uint8_t { in, out } direction;
    std::string_view wire;       // the frame as its clients name it (a type, an action)
    std::string_view canonical;  // the canonical command or event it maps to
    std::string_view fields;     // its fields, as documented
};

struct command_outcome {
    bool ok = true;
    core::error_code code = core::error_code::internal_error;
    std::string_view message;
};

class dialect {
public:
    virtual ~dialect() = default;
    dialect(const dialect&) = delete;
    dialect& operator=(const dialect&) = delete;

    dialect_id id() const noexcept { return id_; }
    std::string_view name() const noexcept { return to_string(id_); }
    const dialect_limits& limits() const noexcept { return limits_; }

    // ---- connect (worker thread) --------------------------------------------------------
    // The principal of a connection that brought no token, or nullopt: refused (missing_token).
    virtual std::optional<auth::principal> anonymous(std::string_view /*resource_id*/) const { return std::nullopt; }
    // nullopt when `who` may use the path's resource; else the refusal (shop: sub != {user_id}).
    virtual std::optional<refusal> check_resource(const auth::principal& /*who*/,
                                                   std::string_view /*resource_id*/) const {
        return std::nullopt;
    }
    // Channels joined without asking, canonical, in order. Each still passes the permission
    // rules, ownership and the subscription hook; a refused `required` one refuses the
    // connection (not_allowed, or too_many when the hook refused admission), others are skipped.
    struct connect_channel {
        std::string channel;
        bool required = false;
    };
    virtual std::vector<connect_channel> connect_channels(const auth::principal& who,
                                                          std::string_view resource_id) const = 0;
    virtual refusal_frame render_refusal(refusal why, std::string_view detail) const = 0;

    // ---- inbound (worker thread; use a thread_local parser) -----------------------------
    // `resource_id` is the connection's path {id} (the operation a progress `cancel` means).
    virtual request parse(std::string_view frame, std::string_view resource_id) const = 0;
    virtual void render_joined(std::string& /*out*/, const request& /*asked*/,
                               const join_outcome& /*outcome*/) const {}
    virtual void render_command(std::string& /*out*/, const request& /*asked*/,
                                const command_outcome& /*outcome*/) const {}
    virtual void render_status(std::string& /*out*/, const request& /*asked*/,
                               const session_view& /*view*/) const {}
    // A message dropped by the rate limit (the session closes 1008 after limits.rate_limit_strikes).
    virtual void render_rate_limited(std::string& /*out*/, int /*retry_after_s*/) const {}

    // ---- outbound -----------------------------------------------------------------------
    // Once per event, on the publishing thread inside hub::publish (shard lock held): no I/O,
    // no hub calls, must not throw. `data` is ev.data parsed once for all dialects. Appends
    // this dialect's frame (JSON text) and returns true, or returns false: the dialect does not
    // carry this event. Also renders the subscription hook's first state of a channel, passed
    // as an event of type "operation_state" with seq 0 (see subscription_hook::join).
    virtual bool render_event(std::string& out, const hub::event& ev, simdjson::dom::element data) const = 0;
    // Asked after `ev` was sent: close now? (progress: complete/error → {1000, ...}; for a
    // first state, "operation_state", the dialect reads ev.data to tell whether it is final).
    virtual std::optional<close_spec> close_after(const hub::event& /*ev*/) const { return std::nullopt; }
    // A dialect-level keep-alive (progress: {"type":"ping"}); every limits().heartbeat_interval_ms.
    virtual void render_heartbeat(std::string& /*out*/, std::int64_t /*now_ms*/) const {}
    // The frames of seed dialects carry no channel and seq, so one change published on two
    // channels a connection holds (site:X:orders and order:Y) would arrive twice: the session
    // drops an event that repeats one of the last two it sent (same type and data on another
    // channel, or a byte-equal frame). v1: false.
    virtual bool collapse_duplicates() const noexcept { return true; }
    // The dialect's messages, for docs/protocol.md.
    virtual std::span<const message_row> messages() const noexcept { return {}; }

protected:
    dialect(dialect_id id, dialect_limits limits) : id_(id), limits_(limits) {}

private:
    dialect_id id_;
    dialect_limits limits_;
};

// One factory per file in protocol/dialects/; the registry builds each dialect once.
std::unique_ptr<dialect> make_v1_dialect(const core::config& cfg);
std::unique_ptr<dialect> make_factory_dialect(const core::config& cfg);
std::unique_ptr<dialect> make_rooms_dialect(const core::config& cfg);
std::unique_ptr<dialect> make_progress_dialect(const core::config& cfg);
std::unique_ptr<dialect> make_shop_dialect(const core::config& cfg);

}  // namespace ordercast::protocol

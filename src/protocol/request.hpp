#pragma once
// The one request vocabulary every dialect decodes its clients' frames into, and the typed
// outcomes the session hands back for the dialect to render. The session and the domain
// adapters see only these types: no JSON element and no wire field name crosses this line.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error_code.hpp"
#include "hub/event.hpp"

namespace ordercast::protocol {

// ---------------------------------------------------------------------------------------
// Domain commands
// ---------------------------------------------------------------------------------------

enum class command_kind : std::uint8_t {
    order_status_update,  // orderId, status, message?
    ack_alert,            // alertId
    cancel_operation,     // operationId
};
std::string_view to_string(command_kind k) noexcept;

// A domain command with its fields by canonical name (the names of /v1's data: orderId,
// status, alertId, operationId, message). Values are the client's strings.
struct command {
    command_kind kind{};
    std::vector<std::pair<std::string, std::string>> fields;

    // The value of `name`, or empty when the command does not carry it.
    std::string_view field(std::string_view name) const noexcept;
};

// What a command (or an ack, ping or refresh) came to, for the dialect to answer.
struct command_outcome {
    bool ok = true;
    core::error_code code = core::error_code::internal_error;
    std::string message;
};

// ---------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------

struct close_spec {
    std::uint16_t code = 0;  // 0: do not close
    std::string reason;      // at most 123 bytes
};

// What one client frame asks the session to do.
struct request {
    enum class op : std::uint8_t {
        ignore,       // nothing to do (progress pong; shop: any valid JSON); counts as activity
        reply,        // send `text` as it is (an answer the dialect could give alone)
        close,        // close the connection with `close` (1003 for a frame that is not JSON)
        subscribe,    // join `channels` (as the client named them), resuming from `positions`
        reconnect,    // join `channels`, resuming after `last_message_id`
        join_order,   // `target` names an order by id or number: join order:{its id}
        unsubscribe,  // leave `channels`
        ack,          // `ids` (message ids of critical events) were received
        refresh,      // replace the connection's token with `token`
        ping,         // answer with the dialect's pong
        command,      // run `cmd` through the domain
        status,       // describe the connection (getRooms, getStatus)
    } what = op::ignore;
    std::uint8_t shape = 0;  // which answer the dialect gives (its own enumeration)

    // Echoed in answers by dialects that have them (/v1); empty when absent.
    std::string message_id;
    std::string correlation_id;
    std::string client_timestamp;

    std::vector<std::string> channels;                             // subscribe, reconnect, unsubscribe
    std::vector<std::pair<std::string, hub::position>> positions;  // subscribe: by channel as named
    std::string last_message_id;                                   // reconnect
    std::vector<std::string> ids;                                  // ack
    std::string token;                                             // refresh
    command cmd;                                                   // command
    std::string target;  // what the client named, echoed in the answer (join_order, a room)
    std::string text;    // reply
    close_spec close;    // close
};

// ---------------------------------------------------------------------------------------
// Joining and leaving channels
// ---------------------------------------------------------------------------------------

// Why a channel was not joined (or left).
enum class join_failure : std::uint8_t {
    invalid_channel,     // the name is not a channel; `detail` says how
    not_allowed,         // the permission rules or ownership refused it
    subscription_limit,  // the connection holds as many channels as it may
    refused,             // the channel's domain refused admission; `detail` is its reason
    not_found,           // join_order: no order has that id or number
    not_subscribed,      // unsubscribe: the connection does not hold it
};

struct failed_channel {
    std::string channel;  // as the client named it
    join_failure why{};
    std::string detail;
};

// The reason of a failure as /v1 lists it in subscription_confirmed.failed (and other dialects
// where they name one): "subscription_limit", "insufficient_permissions", "not_found",
// "not_subscribed", or the detail.
std::string_view reason_text(const failed_channel& f) noexcept;

// A channel's current state for one new subscriber, as a canonical event (type and data
// JSON) that each dialect renders its own way (v1: `operation_state` with the data; progress:
// progress/complete/error). An empty type means the channel has none.
struct first_state {
    std::string type;
    std::string data;
};

// The first state of `channel` as an event of the state's type with seq 0 (not part of the
// channel's numbering), stamped now: what dialects render and close_after() inspects.
hub::event first_state_event(std::string_view channel, const first_state& state);

struct join_outcome {
    std::vector<std::string> joined;  // canonical names (for unsubscribe: those left)
    std::vector<failed_channel> failed;
    // Where each joined subscription stands (canonical name): its live events follow `seq`.
    std::vector<std::pair<std::string, hub::position>> positions;
    bool asked_resume = false;           // the request named a resume point
    bool recovered = true;               // every resume point was honoured and `replay` is complete
    std::vector<hub::event_ptr> replay;  // missed events, in global id order
    // The subscription hook's states of channels joined now (channel, state), sent after the
    // answer and before any live event of those channels.
    std::vector<std::pair<std::string, first_state>> first_states;
};

}  // namespace ordercast::protocol

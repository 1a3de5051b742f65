#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordercast::hub {

using worker_id = std::uint32_t;

// One wire frame of an event, written once by the hub's renderer and shared by every subscriber
// that speaks its wire format: the bytes as sent (header, then payload) and where the payload
// starts, so that a reader of the payload (a replay that embeds events) need not decode the
// header. The hub knows no wire format; it only keeps what its renderer wrote.
struct rendered_frame {
    std::shared_ptr<const std::string> bytes;  // null: not rendered
    std::uint32_t payload_offset = 0;

    explicit operator bool() const noexcept { return bytes != nullptr; }
    // The payload (the JSON of a text frame). Only for a rendered frame.
    std::string_view payload() const noexcept { return std::string_view(*bytes).substr(payload_offset); }
};

// A published event. Immutable once publish() returns it or hands it to any other thread, and
// shared by every subscriber through event_ptr: no subscriber ever gets a copy.
struct event {
    std::string channel;            // canonical channel name
    std::string type;               // e.g. "order_status_changed"
    std::string data;               // raw JSON text of the payload, validated by the publisher
    std::uint64_t seq = 0;          // 1, 2, 3 ... within (channel, channel epoch)
    std::uint64_t global_id = 0;    // node-wide publish counter, strictly increasing
    std::string epoch;              // the channel's epoch ("<hub epoch>.<n>"); positions pair it with seq
    std::string message_id;         // "<hub epoch>-<global_id>", unique; clients resume from it
    std::int64_t timestamp_ms = 0;  // publish time, unix milliseconds
    std::int64_t published_ns = 0;  // steady-clock time of publish, for publish-to-write latency
    bool requires_ack = false;      // critical type, or the publisher asked for acknowledgement
    // Wire frames by rendering slot (the renderer numbers its wire formats), written by the hub's
    // renderer during publish before the event is visible to any other thread; read-only
    // afterwards. The renderer sizes it once (one allocation per event, none per subscriber); a
    // slot past its end, or an empty one, means "not rendered".
    std::vector<rendered_frame> renderings;

    // Approximate heap footprint of this event (the object, its strings, its renderings). It is what
    // the history memory budget counts; stable for the event's lifetime because the event is immutable.
    std::size_t memory_bytes() const;

    // The frame in `slot`, or nullptr when the event was not rendered there.
    const rendered_frame* rendering(std::size_t slot) const noexcept {
        return slot < renderings.size() && renderings[slot] ? &renderings[slot] : nullptr;
    }
};

using event_ptr = std::shared_ptr<const event>;

// Where a client stands on one channel: it has seen every event up to and including `seq` of the
// channel numbering identified by `epoch`. `epoch` is the channel's epoch (see hub::subscribe), not
// necessarily hub::epoch(): numbering restarts with a new channel epoch when the channel's history
// was lost.
struct position {
    std::uint64_t seq = 0;
    std::string epoch;

    friend bool operator==(const position&, const position&) = default;
};

// The parts of a message id "<epoch>-<global_id>". `epoch` views into the parsed string.
struct message_ref {
    std::string_view epoch;
    std::uint64_t global_id = 0;
};

// Writes "<epoch>-<global_id>" into `out`, replacing its content.
void format_message_id(std::string& out, std::string_view epoch, std::uint64_t global_id);

// Splits a message id at its last '-'. Returns nullopt when the text is not "<non-empty epoch>-<digits>".
std::optional<message_ref> parse_message_id(std::string_view text) noexcept;

}  // namespace ordercast::hub

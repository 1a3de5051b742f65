#pragma once
// Where the domain's events go once their change is committed: the services know this
// interface only, not the hub, the wire or the sockets behind it. The application plugs in
// the hub (app/hub_event_sink.hpp); a tool that writes offline plugs in no_event_sink.
#include <string>
#include <string_view>

namespace ordercast::domain {

// One event for the subscribers of one channel. The sink takes the strings: a publish moves
// them on and copies nothing.
struct outgoing_event {
    std::string channel;  // canonical channel name, never empty
    std::string type;     // "order_status_changed", "job_status_changed", ...
    std::string data;     // a JSON object, valid (the services render it with core::json_writer)
    // Subscribers must acknowledge it even when its type is not one of the critical ones.
    bool requires_ack = false;
};

class event_sink {
public:
    virtual ~event_sink() = default;

    // Any thread. Publishes `ev` to the channel's subscribers, after the events published
    // before it on that channel. The services call it after their commit and while they still
    // hold the store's writer, so every channel sees the changes in commit order. Throws when
    // the event could not be published; the change stands, so callers log it and answer as
    // if it had been.
    virtual void publish(outgoing_event ev) = 0;

    // Any thread. Whether `channel` has a subscriber now, or (for has_any_subscriber) any
    // channel has one: a snapshot that periodic streams read to skip the work of an event
    // nobody would receive. A subscriber may come or go right after.
    [[nodiscard]] virtual bool has_subscribers(std::string_view channel) const = 0;
    [[nodiscard]] virtual bool has_any_subscriber() const = 0;
};

// For offline writers (`ordercast db test-order`): events go nowhere and nobody listens.
class no_event_sink final : public event_sink {
public:
    void publish(outgoing_event) override {}
    bool has_subscribers(std::string_view) const override { return false; }
    bool has_any_subscriber() const override { return false; }
};

}  // namespace ordercast::domain

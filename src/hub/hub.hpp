#pragma once

#include "hub/dispatcher.hpp"
#include "hub/event.hpp"
#include "hub/hub_options.hpp"
#include "hub/subscriber.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordercast::hub {

struct publish_request {
    std::string channel;  // canonical channel name; must not be empty
    std::string type;
    std::string data;       // raw JSON text, already validated
    bool critical = false;  // requires an acknowledgement even when the type is not critical
};

struct subscribe_result {
    // Missed events in seq order, to send before any live event. Empty when recovered is false.
    std::vector<event_ptr> replay;
    // False when the asked position could not be honoured: history no longer reaches back to it,
    // it names another epoch, or it is not a valid position of this channel. The subscription is
    // made all the same, live from `current`; the client should reload its state over REST.
    bool recovered = true;
    // The channel's position after the replay: live events start at current.seq + 1. Clients keep
    // current.epoch and send it back with their last seq to resume.
    position current;
    // The hub's copy of the canonical channel name. Valid while the subscriber stays on the
    // channel, so a subscriber may keep it instead of a copy of its own.
    std::string_view channel;
};

// Channels, history, replay and fan-out for one node. Knows no wire format, socket or event loop.
//
// Threads: the server runs N workers (ids 0..N-1), each owning its connections. publish(),
// history(), expire_history(), epoch(), is_critical() and snapshot() may be called from any
// thread. subscribe*, unsubscribe*, and drain(w) only on worker w's own thread, and never from
// inside subscriber::deliver().
//
// Ordering guarantee: for each subscription, the replay followed by the events later delivered
// by drain() is exactly the channel's seqs after the resume point (or after `current` without one),
// in order, with no gap and no duplicate, whatever other threads publish meanwhile.
//
// Channel epochs: a channel's seq numbering starts at 1 when the channel comes to life on this
// node, and its history is freed with the channel once it has neither subscribers nor history.
// Each such incarnation has its own epoch, "<hub epoch>.<n>", reported in subscribe_result::current;
// a position from an earlier incarnation (or an earlier run) does not resume.
class hub {
public:
    // The most workers a hub serves.
    static constexpr std::size_t k_max_workers = 256;

    // renderer(ev) runs once per event inside publish(), on the publishing thread, with the
    // channel's shard lock held, after seq, global_id, message_id, timestamp_ms and requires_ack
    // are set: it fills ev.renderings. It must not call into the hub. If it throws, the event is
    // not published (its seq is reused) and publish() rethrows. May be empty.
    // `d` and the renderer must outlive the hub. Throws std::invalid_argument when worker_count
    // is 0 or above k_max_workers.
    hub(hub_options options, std::size_t worker_count, dispatcher& d, std::function<void(event&)> renderer);
    ~hub();

    hub(const hub&) = delete;
    hub& operator=(const hub&) = delete;

    // Any thread. Numbers the event, renders it, stores it in history (evicting by count, age and
    // the memory budget), queues it to every worker with a subscriber on the channel and wakes each
    // such worker whose queue was empty. Returns the published event. Throws std::invalid_argument
    // when the channel name is empty.
    event_ptr publish(publish_request request);

    // Worker w only. Subscribes `s` to `channel`; with `from`, result.replay holds the events after
    // from->seq when from->epoch is the channel's current epoch and history still reaches back.
    // Subscribing again restarts the existing subscription at the new `current`.
    subscribe_result subscribe(worker_id w, subscriber* s, std::string_view channel,
                               const std::optional<position>& from);
    // Worker w only. As subscribe(), resuming after a message id "<hub epoch>-<global id>" from
    // any channel: replay holds this channel's events with a greater global id. A malformed id,
    // one from another epoch or one not issued yet gives recovered == false.
    subscribe_result subscribe_after_message(worker_id w, subscriber* s, std::string_view channel,
                                             std::string_view last_message_id);
    // Worker w only. Returns false when `s` was not subscribed to `channel` on w. Events already
    // queued for the channel are not delivered to `s`.
    // `channel` may be subscribe_result::channel.
    bool unsubscribe(worker_id w, subscriber* s, std::string_view channel);
    // Worker w only. Removes every subscription of `s`; O(channels of s). Call before destroying `s`.
    void unsubscribe_all(worker_id w, subscriber* s);

    // Worker w only, in answer to dispatcher::wake(w) (an extra call is harmless). Delivers the
    // queued events to w's current subscribers, each channel in seq order.
    void drain(worker_id w);

    // Any thread. The epoch of `channel`'s current incarnation, or empty when the channel is not
    // live. A channel with subscribers stays live, so its epoch does not change under them.
    std::string channel_epoch(std::string_view channel) const;
    // Any thread. Up to `max` kept events of `channel` with seq > after_seq, oldest first.
    std::vector<event_ptr> history(std::string_view channel, std::uint64_t after_seq, std::size_t max) const;
    // Any thread. Drops events older than history_max_age and frees channels left unused. Call
    // periodically; publish() only ages out the channel it publishes to.
    void expire_history();

    // Any thread. Subscriptions to `channel` on every worker (0 when the channel is not live).
    // A snapshot: concurrent subscribes may change it before the caller acts on it.
    std::size_t subscriber_count(std::string_view channel) const;

    // This run's epoch, the prefix of every message id.
    const std::string& epoch() const noexcept;
    bool is_critical(std::string_view type) const noexcept;

    struct stats {
        std::size_t channels;
        std::size_t subscriptions;
        std::size_t history_events;
        std::size_t history_bytes;
        std::uint64_t published;
        std::uint64_t delivered;
    };
    // Any thread. Each counter is read atomically; together they are only approximately consistent.
    stats snapshot() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace ordercast::hub

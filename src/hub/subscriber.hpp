#pragma once

#include <cstdint>
#include <vector>

#include "hub/event.hpp"

namespace ordercast::hub {

namespace detail {
class local_fanout;
struct local_channel;
// One channel of a subscriber, as its worker's local_fanout keeps it.
struct membership {
    local_channel* channel;
    std::uint32_t pos;  // index of the subscriber's slot in channel->slots
};
}  // namespace detail

// The receiving end of a subscription, implemented by a session.
//
// deliver() runs on the subscriber's own worker thread, inside hub::drain(), once per live event
// in channel seq order. It must be cheap (append to the session's outbound queue) and must not
// call subscribe, unsubscribe, unsubscribe_all or publish synchronously: defer that work to the
// next turn of the loop. An exception thrown by deliver() propagates out of drain() and the rest
// of that drain batch is lost for every subscriber of the worker.
//
// The hub keeps the raw pointer: call hub::unsubscribe_all() before destroying a subscriber.
// A subscriber belongs to one worker: subscribe it from that worker only.
class subscriber {
public:
    virtual void deliver(const event_ptr& ev) = 0;

    // Memory that deliver() touches besides the subscriber's own first cache line (its
    // connection's, say). hub::drain prefetches both a few deliveries ahead: with thousands of
    // subscribers, little of theirs is cached when an event comes.
    struct memory_span {
        const void* start = nullptr;
        std::uint32_t bytes = 0;
    };

protected:
    subscriber() = default;
    // A copy is a new subscriber: it is on no channel.
    subscriber(const subscriber&) noexcept {}
    subscriber& operator=(const subscriber&) noexcept { return *this; }
    ~subscriber() = default;

    // Set before the first subscribe: channels joined earlier keep the previous span.
    void set_delivery_memory(memory_span m) noexcept { delivery_memory_ = m; }

private:
    friend class detail::local_fanout;
    memory_span delivery_memory_;
    // The subscriber's channels, kept here by the hub rather than in a map beside it: no
    // lookup and no allocation per subscriber beyond this list. Hub-private.
    std::vector<detail::membership> hub_memberships_;
};

}  // namespace ordercast::hub

#pragma once

#include "hub/event.hpp"

namespace ordercast::hub {

// The receiving end of a subscription, implemented by a session.
//
// deliver() runs on the subscriber's own worker thread, inside hub::drain(), once per live event
// in channel seq order. It must be cheap (append to the session's outbound queue) and must not
// call subscribe, unsubscribe, unsubscribe_all or publish synchronously: defer that work to the
// next turn of the loop. An exception thrown by deliver() propagates out of drain() and the rest
// of that drain batch is lost for every subscriber of the worker.
//
// The hub keeps the raw pointer: call hub::unsubscribe_all() before destroying a subscriber.
class subscriber {
public:
    virtual void deliver(const event_ptr& ev) = 0;

protected:
    subscriber() = default;
    subscriber(const subscriber&) = default;
    subscriber& operator=(const subscriber&) = default;
    ~subscriber() = default;
};

}  // namespace ordercast::hub

#pragma once

#include "hub/event.hpp"

namespace ordercast::hub {

// Implemented by the server: the hub's only way to reach a worker's event loop.
//
// wake(w) must cause hub::drain(w) to run soon on worker w's thread (post it to w's loop). It is
// called from any publishing thread, at most once per batch: after it, no further wake comes for
// w until drain(w) has taken the queued events. It must not call into the hub synchronously.
class dispatcher {
public:
    virtual void wake(worker_id w) = 0;

protected:
    dispatcher() = default;
    dispatcher(const dispatcher&) = default;
    dispatcher& operator=(const dispatcher&) = default;
    ~dispatcher() = default;
};

}  // namespace ordercast::hub

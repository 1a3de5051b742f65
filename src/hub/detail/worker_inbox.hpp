#pragma once

#include "hub/event.hpp"

#include <mutex>
#include <vector>

namespace ordercast::hub::detail {

// Events waiting for one worker's drain. Publishers push from any thread (holding the event's
// shard mutex, which keeps each channel's events in seq order); the worker takes the whole batch
// at once, so the two sides contend only for a pointer swap.
class worker_inbox {
public:
    // Any thread. Returns true when the inbox was empty: the caller must wake the worker, and no
    // other push will until the worker takes the batch.
    bool push(const event_ptr& ev) {
        std::lock_guard lock(mutex_);
        queued_.push_back(ev);
        return queued_.size() == 1;
    }

    // Worker thread. Moves every queued event into `out`, which must be empty; the two vectors
    // trade buffers, so neither side reallocates once both have grown to the usual batch size.
    void take(std::vector<event_ptr>& out) {
        std::lock_guard lock(mutex_);
        queued_.swap(out);
    }

private:
    std::mutex mutex_;
    std::vector<event_ptr> queued_;
};

}  // namespace ordercast::hub::detail

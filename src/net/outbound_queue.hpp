#pragma once
// A WebSocket connection's queued outbound frames, and the worker's store of emptied queues.
//
// Idle connections keep no queue (memory per idle connection is a headline figure), so
// without the store every delivery to an idle connection would allocate a queue and free
// it once written. The store hands an emptied queue's storage to the next connection that
// queues a frame; it keeps a bounded number of small ones.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ordercast::net {

struct outbound_frame {
    std::shared_ptr<const std::string> bytes;
    std::int64_t published_ns;  // steady clock; 0 for frames that are not events
};

using outbound_queue = std::vector<outbound_frame>;

// One per worker; worker thread only.
class outbound_queue_pool {
public:
    static constexpr std::size_t k_initial_capacity = 4;
    static constexpr std::size_t k_max_kept = 256;          // queues kept for reuse
    static constexpr std::size_t k_max_kept_capacity = 64;  // larger ones are freed

    // An empty queue with room for at least k_initial_capacity frames.
    outbound_queue take() {
        if (kept_.empty()) {
            outbound_queue q;
            q.reserve(k_initial_capacity);
            return q;
        }
        outbound_queue q = std::move(kept_.back());
        kept_.pop_back();
        return q;
    }

    // Takes `q`'s storage (every frame already released); leaves `q` without storage.
    void give_back(outbound_queue& q) {
        if (q.capacity() <= k_max_kept_capacity && kept_.size() < k_max_kept) {
            q.clear();
            kept_.push_back(std::move(q));
        }
        outbound_queue().swap(q);
    }

private:
    std::vector<outbound_queue> kept_;
};

}  // namespace ordercast::net

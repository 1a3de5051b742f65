#include "hub/detail/retention_queue.hpp"

#include <algorithm>

namespace ordercast::hub::detail {

void retention_queue::push(const std::shared_ptr<channel>& owner, std::uint64_t global_id,
                           std::size_t live_events) {
    if (entries_.size() >= 2 * live_events + k_compaction_slack) {
        drop_stale();
    }
    entries_.push_back(entry{owner, global_id});
}

std::shared_ptr<channel> retention_queue::evict_oldest(evicted& gone) {
    while (!entries_.empty()) {
        entry oldest = std::move(entries_.front());
        entries_.pop_front();
        if (!stale(oldest)) {
            gone += oldest.owner->drop_through(oldest.global_id);
            return std::move(oldest.owner);
        }
    }
    return nullptr;
}

void retention_queue::drop_stale() {
    entries_.erase(std::remove_if(entries_.begin(), entries_.end(), stale), entries_.end());
}

}  // namespace ordercast::hub::detail

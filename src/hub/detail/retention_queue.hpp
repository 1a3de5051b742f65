#pragma once

#include "hub/detail/channel.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>

namespace ordercast::hub::detail {

// The events kept in the histories of one shard's channels, in publish order, so the memory
// budget can find the oldest events without locking anything but the shard that holds them.
// Entries whose event already left its history (evicted for count or age) are "stale": they are
// skipped when they reach the front, and removed by a compaction once they outnumber the live
// ones, so the queue stays within a small multiple of the shard's kept events.
//
// Thread contract: every member is called with the owning shard's mutex held.
class retention_queue {
public:
    static constexpr std::uint64_t k_empty = std::numeric_limits<std::uint64_t>::max();

    // Records the event `global_id`, just appended to `owner`'s history. `live_events` is the
    // number of events kept by the shard's channels, which decides when to compact.
    void push(const std::shared_ptr<channel>& owner, std::uint64_t global_id, std::size_t live_events);

    // Evicts the oldest event still kept, dropping stale entries on the way. Returns the channel
    // it was evicted from (the caller accounts for `gone` and may free the channel), or nullptr
    // when no entry is live.
    std::shared_ptr<channel> evict_oldest(evicted& gone);

    // Removes every stale entry, releasing the channels they kept alive.
    void drop_stale();

    // Global id of the front entry (possibly stale), or k_empty.
    std::uint64_t front_global() const noexcept {
        return entries_.empty() ? k_empty : entries_.front().global_id;
    }
    std::size_t size() const noexcept { return entries_.size(); }

private:
    struct entry {
        std::shared_ptr<channel> owner;  // keeps a freed channel readable until its entries go
        std::uint64_t global_id = 0;
    };
    static constexpr std::size_t k_compaction_slack = 64;

    static bool stale(const entry& e) noexcept { return e.global_id < e.owner->retained_from_global(); }

    std::deque<entry> entries_;
};

}  // namespace ordercast::hub::detail

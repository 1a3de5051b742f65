#pragma once

#include "hub/detail/event_ring.hpp"
#include "hub/event.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace ordercast::hub::detail {

// What an eviction removed, so the hub can keep its global counters.
struct evicted {
    std::size_t events = 0;
    std::size_t bytes = 0;

    evicted& operator+=(const evicted& other) noexcept {
        events += other.events;
        bytes += other.bytes;
        return *this;
    }
};

// One channel incarnation: its seq numbering, its history and how many subscriptions each worker
// holds on it.
//
// Thread contract: every member is called with the owning channel_table shard's mutex held.
//
// History invariant: the ring holds the consecutive seqs lost_through_seq()+1 .. last_seq()
// (eviction only ever removes from the front), so a seq maps to an index without searching.
// An incarnation starts with seq 0 and lost_through_global() == floor_global: every event an
// earlier incarnation of the same name published has a global id <= floor_global, and its epoch
// differs from every earlier incarnation that published anything.
class channel {
public:
    channel(std::string name, std::string epoch, std::uint64_t floor_global, std::size_t worker_count);

    channel(const channel&) = delete;
    channel& operator=(const channel&) = delete;

    const std::string& name() const noexcept { return name_; }
    const std::string& epoch() const noexcept { return epoch_; }
    std::uint64_t last_seq() const noexcept { return last_seq_; }
    // Global id of the newest event of this incarnation, or its floor when it has none.
    std::uint64_t last_global() const noexcept { return last_global_; }

    // ---- numbering --------------------------------------------------------------------------
    std::uint64_t take_seq() noexcept { return ++last_seq_; }
    // Gives back the seq take_seq() just returned; only before anything else touched the channel.
    void return_seq() noexcept { --last_seq_; }

    // ---- history ----------------------------------------------------------------------------
    // Appends the event that took the last seq. Returns its memory_bytes().
    std::size_t append(event_ptr ev);
    evicted trim_to(std::size_t max_events);
    evicted drop_older_than(std::int64_t cutoff_ms);
    // Drops every event whose global id is <= global_id.
    evicted drop_through(std::uint64_t global_id);

    std::size_t history_size() const noexcept { return history_.size(); }
    // Global id of the oldest event still in history, or the maximum when history is empty: an
    // event of this channel with a smaller global id is no longer kept.
    std::uint64_t retained_from_global() const noexcept {
        return history_.empty() ? std::numeric_limits<std::uint64_t>::max() : history_.front()->global_id;
    }

    // ---- replay -----------------------------------------------------------------------------
    // True when history holds every event after `seq`, i.e. a client at `seq` can resume.
    bool reaches_back_to_seq(std::uint64_t seq) const noexcept {
        return seq >= lost_through_seq_ && seq <= last_seq_;
    }
    // True when no event of this channel with a global id above `global_id` has been lost.
    bool reaches_back_to_global(std::uint64_t global_id) const noexcept {
        return global_id >= lost_through_global_;
    }
    // Appends to `out` up to `max` events with seq > `seq` (from the oldest kept when `seq` is older).
    void copy_after_seq(std::uint64_t seq, std::size_t max, std::vector<event_ptr>& out) const;
    // Appends to `out` up to `max` events with global id > `global_id`.
    void copy_after_global(std::uint64_t global_id, std::size_t max, std::vector<event_ptr>& out) const;

    // ---- subscriptions ----------------------------------------------------------------------
    void add_subscriber(worker_id w) noexcept;
    void remove_subscriber(worker_id w) noexcept;
    bool has_subscribers_on(worker_id w) const noexcept { return subscribers_per_worker_[w] != 0; }
    bool unused() const noexcept { return subscriber_total_ == 0 && history_.empty(); }
    std::size_t subscriber_count() const noexcept { return subscriber_total_; }

private:
    evicted pop_front();

    std::string name_;
    std::string epoch_;
    std::uint64_t last_seq_ = 0;
    std::uint64_t last_global_;
    std::uint64_t lost_through_seq_ = 0;  // highest seq evicted from history (0: none)
    std::uint64_t lost_through_global_;   // highest global id evicted, or the floor
    event_ring history_;
    std::vector<std::uint32_t> subscribers_per_worker_;
    std::size_t subscriber_total_ = 0;
};

}  // namespace ordercast::hub::detail

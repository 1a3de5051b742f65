#pragma once

#include "hub/detail/channel.hpp"
#include "hub/detail/retention_queue.hpp"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ordercast::hub::detail {

// Every live channel, spread over k_shard_count shards by the hash of its name so that publishers
// to different channels rarely take the same mutex.
//
// Thread contract: shard_for(), oldest_shard() and channel_count() from any thread; every other
// member with the given shard's mutex held. Lock order across the hub: a shard mutex, then a
// worker inbox mutex; never two shard mutexes at once.
class channel_table {
public:
    static constexpr std::size_t k_shard_count = 64;

    struct shard {
        std::mutex mutex;
        // Keys view the channel's own name, which lives as long as the map entry.
        std::unordered_map<std::string_view, std::shared_ptr<channel>> channels;
        // Highest global id ever published to a channel freed from this shard. A channel created
        // later starts its incarnation there, so resumes from before it report a loss.
        std::uint64_t freed_watermark = 0;
        // The kept events of this shard's channels, oldest first, for the memory budget.
        retention_queue retention;
        std::size_t history_events = 0;  // events kept by this shard's channels
        std::size_t index = 0;           // position in the table
    };

    channel_table(std::string hub_epoch, std::size_t worker_count);

    shard& shard_for(std::string_view name) noexcept;

    // Returns the channel, or nullptr when no incarnation of it is live.
    channel* find(shard& s, std::string_view name) const;
    // Returns the live channel, creating a new incarnation when there is none. The reference stays
    // valid until release_if_unused() frees the channel.
    const std::shared_ptr<channel>& find_or_create(shard& s, std::string_view name);
    // Frees `ch` when it has neither subscribers nor history and is still the live incarnation.
    // Returns true when it was freed; `ch` must not be used afterwards.
    bool release_if_unused(shard& s, channel& ch);

    // Calls fn(channel&) for every live channel of the shard, then frees those that became unused.
    template <typename Fn>
    void for_each_then_release(shard& s, Fn&& fn);

    // Publishes the shard's oldest retention entry for oldest_shard(); call after changing the
    // front of s.retention.
    void note_retention_front(shard& s) noexcept;
    // Any thread. The shard whose oldest kept event is the oldest of all, or nullptr when no shard
    // keeps any. Advisory: the answer may be stale by the time its mutex is taken.
    shard* oldest_shard() noexcept;

    std::array<shard, k_shard_count>& shards() noexcept { return shards_; }
    std::size_t channel_count() const noexcept { return count_.load(std::memory_order_relaxed); }

private:
    void note_freed(shard& s, const channel& ch) noexcept;

    std::string hub_epoch_;
    std::size_t worker_count_;
    std::array<shard, k_shard_count> shards_;
    // Front global id of each shard's retention queue, packed together so that scanning them reads
    // a few cache lines that change only when a front changes.
    std::array<std::atomic<std::uint64_t>, k_shard_count> retention_fronts_;
    std::atomic<std::size_t> count_{0};
};

template <typename Fn>
void channel_table::for_each_then_release(shard& s, Fn&& fn) {
    for (auto it = s.channels.begin(); it != s.channels.end();) {
        channel& ch = *it->second;
        fn(ch);
        if (ch.unused()) {
            note_freed(s, ch);
            it = s.channels.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace ordercast::hub::detail

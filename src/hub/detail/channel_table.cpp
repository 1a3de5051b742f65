#include "hub/detail/channel_table.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <limits>

namespace ordercast::hub::detail {

namespace {

// "<hub epoch>.<floor>": distinct for every incarnation that published anything, because a freed
// incarnation raises its shard's watermark above the floor it started from.
std::string incarnation_epoch(std::string_view hub_epoch, std::uint64_t floor_global) {
    char digits[std::numeric_limits<std::uint64_t>::digits10 + 1];
    const auto [end, ec] = std::to_chars(std::begin(digits), std::end(digits), floor_global);
    (void)ec;
    std::string epoch;
    epoch.reserve(hub_epoch.size() + 1 + static_cast<std::size_t>(end - digits));
    epoch.append(hub_epoch);
    epoch.push_back('.');
    epoch.append(digits, end);
    return epoch;
}

}  // namespace

channel_table::channel_table(std::string hub_epoch, std::size_t worker_count)
    : hub_epoch_(std::move(hub_epoch)), worker_count_(worker_count) {
    for (std::size_t i = 0; i < k_shard_count; ++i) {
        shards_[i].index = i;
        retention_fronts_[i].store(retention_queue::k_empty, std::memory_order_relaxed);
    }
}

channel_table::shard& channel_table::shard_for(std::string_view name) noexcept {
    return shards_[std::hash<std::string_view>{}(name) % k_shard_count];
}

channel* channel_table::find(shard& s, std::string_view name) const {
    const auto it = s.channels.find(name);
    return it == s.channels.end() ? nullptr : it->second.get();
}

const std::shared_ptr<channel>& channel_table::find_or_create(shard& s, std::string_view name) {
    if (const auto it = s.channels.find(name); it != s.channels.end()) {
        return it->second;
    }
    auto created =
        std::make_shared<channel>(std::string(name), incarnation_epoch(hub_epoch_, s.freed_watermark),
                                  s.freed_watermark, worker_count_);
    const std::string_view key = created->name();
    const auto [it, inserted] = s.channels.emplace(key, std::move(created));
    (void)inserted;
    count_.fetch_add(1, std::memory_order_relaxed);
    return it->second;
}

bool channel_table::release_if_unused(shard& s, channel& ch) {
    if (!ch.unused()) {
        return false;
    }
    const auto it = s.channels.find(ch.name());
    if (it == s.channels.end() || it->second.get() != &ch) {
        return false;
    }
    note_freed(s, ch);
    s.channels.erase(it);
    return true;
}

void channel_table::note_retention_front(shard& s) noexcept {
    auto& published = retention_fronts_[s.index];
    const std::uint64_t front = s.retention.front_global();
    if (published.load(std::memory_order_relaxed) != front) {
        published.store(front, std::memory_order_relaxed);
    }
}

channel_table::shard* channel_table::oldest_shard() noexcept {
    std::uint64_t oldest = retention_queue::k_empty;
    shard* found = nullptr;
    for (std::size_t i = 0; i < k_shard_count; ++i) {
        const std::uint64_t front = retention_fronts_[i].load(std::memory_order_relaxed);
        if (front < oldest) {
            oldest = front;
            found = &shards_[i];
        }
    }
    return found;
}

void channel_table::note_freed(shard& s, const channel& ch) noexcept {
    s.freed_watermark = std::max(s.freed_watermark, ch.last_global());
    count_.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace ordercast::hub::detail

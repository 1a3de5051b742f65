#include "hub/detail/channel.hpp"

#include "core/assert.hpp"

#include <algorithm>

namespace ordercast::hub::detail {

channel::channel(std::string name, std::string epoch, std::uint64_t floor_global, std::size_t worker_count)
    : name_(std::move(name)),
      epoch_(std::move(epoch)),
      last_global_(floor_global),
      lost_through_global_(floor_global),
      subscribers_per_worker_(worker_count, 0) {}

std::size_t channel::append(event_ptr ev) {
    OC_DEBUG_ASSERT(ev->seq == last_seq_);
    OC_DEBUG_ASSERT(ev->global_id > last_global_);
    last_global_ = ev->global_id;
    const std::size_t bytes = ev->memory_bytes();
    history_.push_back(std::move(ev));
    return bytes;
}

evicted channel::pop_front() {
    const event_ptr& front = history_.front();
    lost_through_seq_ = front->seq;
    lost_through_global_ = front->global_id;
    evicted gone{1, front->memory_bytes()};
    history_.pop_front();
    return gone;
}

evicted channel::trim_to(std::size_t max_events) {
    evicted gone;
    while (history_.size() > max_events) {
        gone += pop_front();
    }
    return gone;
}

evicted channel::drop_older_than(std::int64_t cutoff_ms) {
    evicted gone;
    while (!history_.empty() && history_.front()->timestamp_ms < cutoff_ms) {
        gone += pop_front();
    }
    return gone;
}

evicted channel::drop_through(std::uint64_t global_id) {
    evicted gone;
    while (!history_.empty() && history_.front()->global_id <= global_id) {
        gone += pop_front();
    }
    return gone;
}

void channel::copy_after_seq(std::uint64_t seq, std::size_t max, std::vector<event_ptr>& out) const {
    // history_[i] has seq lost_through_seq_ + 1 + i.
    const std::size_t first =
        seq <= lost_through_seq_ ? 0 : static_cast<std::size_t>(seq - lost_through_seq_);
    if (first >= history_.size()) {
        return;
    }
    const std::size_t count = std::min(max, history_.size() - first);
    out.reserve(out.size() + count);
    for (std::size_t i = first; i < first + count; ++i) out.push_back(history_[i]);
}

void channel::copy_after_global(std::uint64_t global_id, std::size_t max, std::vector<event_ptr>& out) const {
    // First index whose global id is above `global_id` (ids grow along the history).
    std::size_t lo = 0;
    std::size_t hi = history_.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (history_[mid]->global_id <= global_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    const std::size_t count = std::min(max, history_.size() - lo);
    out.reserve(out.size() + count);
    for (std::size_t i = lo; i < lo + count; ++i) out.push_back(history_[i]);
}

void channel::add_subscriber(worker_id w) noexcept {
    ++subscribers_per_worker_[w];
    ++subscriber_total_;
}

void channel::remove_subscriber(worker_id w) noexcept {
    OC_DEBUG_ASSERT(subscribers_per_worker_[w] != 0);
    --subscribers_per_worker_[w];
    --subscriber_total_;
}

}  // namespace ordercast::hub::detail

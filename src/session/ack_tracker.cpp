#include "session/ack_tracker.hpp"

#include <algorithm>

#include "core/metrics.hpp"

namespace ordercast::session {

void ack_tracker::track(const hub::event_ptr& ev, std::int64_t due_ms, std::size_t max_pending) {
    for (std::size_t i = head_; i < pending_.size(); ++i)
        if (pending_[i].event == ev) return;
    if (size() >= max_pending && !empty()) {
        pending_[head_++].event.reset();
        count_abandoned();
        forget_spent();
    }
    pending_.push_back({ev, due_ms, 0});
}

void ack_tracker::acknowledge(std::string_view message_id) {
    drop_if([&](const pending& p) { return p.event->message_id == message_id; });
}

void ack_tracker::forget_channel(std::string_view channel) {
    drop_if([&](const pending& p) { return p.event->channel == channel; });
}

void ack_tracker::clear() {
    std::vector<pending>().swap(pending_);
    head_ = 0;
}

void ack_tracker::count_abandoned() {
    core::global_metrics().acks_abandoned.fetch_add(1, std::memory_order_relaxed);
}

void ack_tracker::count_redelivery() {
    core::global_metrics().redeliveries.fetch_add(1, std::memory_order_relaxed);
}

void ack_tracker::forget_spent() {
    if (head_ == 0) return;
    if (head_ == pending_.size()) {
        clear();  // an idle connection holds no list
    } else if (head_ * 2 >= pending_.size()) {
        pending_.erase(pending_.begin(), pending_.begin() + head_);
        head_ = 0;
    }
}

template <typename Pred>
void ack_tracker::drop_if(Pred drop) {
    pending_.erase(pending_.begin(), pending_.begin() + head_);
    head_ = 0;
    std::erase_if(pending_, drop);
    if (pending_.empty()) pending_.shrink_to_fit();
}

}  // namespace ordercast::session

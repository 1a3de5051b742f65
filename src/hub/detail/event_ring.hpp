#pragma once
// A channel's history: a FIFO of events with random access, as a power-of-two ring over one
// vector. Unlike std::deque (which allocates a 512-byte block even when empty), an empty ring
// owns no memory, which matters for channels that only have subscribers.
#include <cstddef>
#include <utility>
#include <vector>

#include "hub/event.hpp"

namespace ordercast::hub::detail {

class event_ring {
public:
    bool empty() const noexcept { return size_ == 0; }
    std::size_t size() const noexcept { return size_; }
    const event_ptr& front() const noexcept { return buf_[head_]; }
    // i-th oldest event, i < size().
    const event_ptr& operator[](std::size_t i) const noexcept {
        return buf_[(head_ + i) & (buf_.size() - 1)];
    }

    void push_back(event_ptr ev) {
        if (size_ == buf_.size()) grow();
        buf_[(head_ + size_) & (buf_.size() - 1)] = std::move(ev);
        ++size_;
    }
    void pop_front() noexcept {
        buf_[head_].reset();
        head_ = (head_ + 1) & (buf_.size() - 1);
        if (--size_ == 0) {
            // Keep nothing for an emptied history.
            std::vector<event_ptr>().swap(buf_);
            head_ = 0;
        }
    }

private:
    void grow() {
        std::vector<event_ptr> bigger(buf_.empty() ? 4 : buf_.size() * 2);
        for (std::size_t i = 0; i < size_; ++i) bigger[i] = std::move(buf_[(head_ + i) & (buf_.size() - 1)]);
        buf_.swap(bigger);
        head_ = 0;
    }

    std::vector<event_ptr> buf_;  // capacity is 0 or a power of two
    std::size_t head_ = 0;
    std::size_t size_ = 0;
};

}  // namespace ordercast::hub::detail

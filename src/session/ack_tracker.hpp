#pragma once
// The critical events (requiresAck) sent to one connection and not yet acknowledged, in the
// order they are due to be sent again. A plain container: the session decides the timeout,
// the retry count and the bound (hub.ack_*), and sends what redeliver_due() hands it.
//
// Memory: an empty tracker holds no heap memory, so an idle connection pays only for the
// object (32 bytes). Bounded by `max_pending` per track() call.
//
// Threading: one connection's worker thread.
#include <cstdint>
#include <string_view>
#include <vector>

#include "hub/event.hpp"

namespace ordercast::session {

class ack_tracker {
public:
    struct pending {
        hub::event_ptr event;
        std::int64_t due_ms;
        int retries;
    };

    // Tracks `ev`, due at `due_ms`; nothing when it is already tracked. A client that reads
    // but never acknowledges must not grow the server's memory: past `max_pending` the oldest
    // is given up (counted in acks_abandoned; a resume still replays it from history).
    void track(const hub::event_ptr& ev, std::int64_t due_ms, std::size_t max_pending);
    // The client acknowledged `message_id`: it is not sent again.
    void acknowledge(std::string_view message_id);
    // Forgets the events of `channel` (the client left it).
    void forget_channel(std::string_view channel);
    // Hands each entry due at `now_ms` to `send` (the event, to send again) and makes it due
    // again `timeout_ms` later, until it was sent `max_retries` times again; then gives it up
    // (acks_abandoned). The list is in order of due time (every entry waits the same timeout
    // and one sent again moves to the back), so the due ones are a prefix and a call costs
    // what it sends.
    template <typename Send>
    void redeliver_due(std::int64_t now_ms, std::int64_t timeout_ms, int max_retries, Send&& send);
    // Forgets everything and frees the list.
    void clear();

    std::size_t size() const noexcept { return pending_.size() - head_; }
    bool empty() const noexcept { return size() == 0; }
    // Heap bytes held (0 when empty): what an idle connection must not pay.
    std::size_t capacity_bytes() const noexcept { return pending_.capacity() * sizeof(pending); }

private:
    // Takes `p` out at the head: returns the entry and advances.
    pending take_head() { return std::move(pending_[head_++]); }
    void requeue(pending p) { pending_.push_back(std::move(p)); }
    static void count_abandoned();
    static void count_redelivery();
    // Drops the spent entries before head_ once they are half the list (all, freeing it).
    void forget_spent();
    template <typename Pred>
    void drop_if(Pred drop);

    // Oldest first; entries before head_ are spent.
    std::vector<pending> pending_;
    std::uint32_t head_ = 0;
};

template <typename Send>
void ack_tracker::redeliver_due(std::int64_t now_ms, std::int64_t timeout_ms, int max_retries, Send&& send) {
    const std::size_t end = pending_.size();
    while (head_ < end && pending_[head_].due_ms <= now_ms) {
        pending p = take_head();
        if (p.retries >= max_retries) {
            count_abandoned();
            continue;
        }
        ++p.retries;
        p.due_ms = now_ms + timeout_ms;
        count_redelivery();
        send(p.event);
        requeue(std::move(p));
    }
    forget_spent();
}

}  // namespace ordercast::session

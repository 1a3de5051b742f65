#include "net/worker.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

#include "core/clock.hpp"
#include "core/prefetch.hpp"
#include "hub/hub.hpp"

namespace ordercast::net {
namespace {

// Handlers a turn of the loop runs at most before the hub's drain (see run()).
constexpr std::size_t k_handlers_per_turn = 256;

}  // namespace

worker::worker(hub::worker_id id) : id_(id) {}

void worker::add(connection_base* c) {
    c->prev_ = nullptr;
    c->next_ = head_;
    if (head_ != nullptr) head_->prev_ = c;
    head_ = c;
    count_.fetch_add(1, std::memory_order_relaxed);
}

void worker::remove(connection_base* c) {
    if (c->prev_ != nullptr)
        c->prev_->next_ = c->next_;
    else if (head_ == c)
        head_ = c->next_;
    else
        return;  // not linked
    if (c->next_ != nullptr) c->next_->prev_ = c->prev_;
    c->prev_ = c->next_ = nullptr;
    count_.fetch_sub(1, std::memory_order_relaxed);
    if (c->dirty_) {
        std::erase(dirty_, c);
        std::replace(flushing_.begin(), flushing_.end(), c, static_cast<connection_base*>(nullptr));
        c->dirty_ = false;
    }
}

void worker::mark_dirty(connection_base* c) {
    if (c->dirty_) return;
    c->dirty_ = true;
    dirty_.push_back(c);
    if (dirty_.size() == 1) {
        // Flush at the end of this loop turn's work, not once per queued frame.
        boost::asio::post(io_, [this] { flush_dirty(); });
    }
}

void worker::run() {
    // One turn of the loop runs every handler that is ready, including those of what the
    // reactor finds ready when polled again without blocking, then delivers what the hub holds
    // for this worker. Every publish read in a turn (all the pipelined requests of all ready
    // HTTP connections) is delivered in one drain, so a subscriber gets their frames in one
    // send; uWebSockets drains its pub/sub queues at the end of each loop iteration likewise.
    // The budget bounds how long a busy turn keeps events waiting.
    while (io_.run_one() != 0) {
        for (std::size_t n = 0; n < k_handlers_per_turn && io_.poll_one() != 0; ++n) {
        }
        end_turn();
    }
}

void worker::wake() {
    // The handler only marks the drain due: it runs in end_turn(), after the turn's reads. The
    // post also wakes a loop that is waiting.
    boost::asio::post(io_, [this] { drain_due_ = true; });
}

void worker::end_turn() {
    if (drain_due_) {
        drain_due_ = false;
        hub_->drain(id_);
    }
    flush_dirty();
}

void worker::flush_dirty() {
    // flush() may mark other connections dirty (not itself): take the list first.
    flushing_.swap(dirty_);
    // Each flush is a send of a few microseconds; the next connections' memory, rarely cached
    // with thousands of them, is fetched meanwhile.
    constexpr std::size_t k_ahead = 2;
    const std::size_t count = flushing_.size();
    for (std::size_t i = 0; i < count; ++i) {
        if (i + k_ahead < count) core::prefetch_lines(flushing_[i + k_ahead], connection_base::k_flush_bytes);
        connection_base* c = flushing_[i];
        if (c == nullptr) continue;  // removed during this flush
        c->dirty_ = false;
        c->flush();
    }
    flushing_.clear();
}

void worker::start_ticker(std::chrono::milliseconds period) {
    tick_period_ = period;
    schedule_tick();
}

void worker::schedule_tick() {
    ticker_.expires_after(tick_period_);
    ticker_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        const std::int64_t now = core::unix_ms();
        const std::int64_t mono = core::mono_ms();
        // tick() may unlink the connection it is called on: step first.
        for (connection_base* c = head_; c != nullptr;) {
            connection_base* next = c->next_;
            c->tick(now, mono);
            c = next;
        }
        flush_dirty();
        schedule_tick();
    });
}

void worker::abort_connections() {
    for (connection_base* c = head_; c != nullptr;) {
        connection_base* next = c->next_;
        c->abort();
        c = next;
    }
    // Let the aborted operations complete so every connection is released now, while the
    // hub and the rest of the server still exist.
    io_.restart();
    io_.poll();
}

void worker::shutdown_connections() {
    for (connection_base* c = head_; c != nullptr;) {
        connection_base* next = c->next_;
        c->shutdown();
        c = next;
    }
    flush_dirty();
}

}  // namespace ordercast::net

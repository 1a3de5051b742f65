#pragma once
// One event loop and the connections it owns. Everything here runs on the worker's
// thread except wake(), which any publishing thread may call.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <vector>

#include "core/metrics.hpp"
#include "hub/event.hpp"
#include "net/connection_base.hpp"
#include "net/outbound_queue.hpp"
#include "net/readiness_poller.hpp"

namespace ordercast::hub {
class hub;
}

namespace ordercast::net {

class worker {
public:
    explicit worker(hub::worker_id id);
    void attach(hub::hub& hub) { hub_ = &hub; }
    worker(const worker&) = delete;
    worker& operator=(const worker&) = delete;

    boost::asio::io_context& io() { return io_; }
    // Worker thread. Runs the loop until it is stopped or out of work (see worker.cpp).
    void run();
    // Worker thread. Where plain WebSocket sockets of this worker learn of readiness.
    readiness_poller& poller() { return poller_; }
    hub::worker_id id() const { return id_; }

    // Worker thread. Links / unlinks a connection in the tick list.
    void add(connection_base* c);
    void remove(connection_base* c);
    // Any thread (read by the shutdown sequence).
    std::size_t connection_count() const { return count_.load(std::memory_order_relaxed); }

    // Worker thread. Where connections take and return outbound queue storage.
    outbound_queue_pool& queue_pool() { return queue_pool_; }
    // Worker thread. What this worker's connections count per frame and per request.
    core::worker_metrics& metrics() { return metrics_; }
    // Worker thread. Queues `c` to be flushed at the end of the current batch.
    void mark_dirty(connection_base* c);
    // Any thread: have hub::drain run for this worker at the end of the loop's current turn
    // (or of the next one, when the loop is waiting), then flush the connections it touched.
    void wake();
    // Starts the periodic tick of every connection, every `period` (at most a second; shorter
    // when acknowledgement timeouts are short, so redelivery keeps to them).
    void start_ticker(std::chrono::milliseconds period);
    // Worker thread. Asks every connection to close with 1001.
    void shutdown_connections();
    // After the loop stopped (any thread, the loop not running): ends every connection at once
    // and releases them.
    void abort_connections();

private:
    void end_turn();
    void flush_dirty();
    void schedule_tick();

    boost::asio::io_context io_{1};  // concurrency hint 1: one thread runs this loop
    boost::asio::steady_timer ticker_{io_};
    readiness_poller poller_{io_};
    outbound_queue_pool queue_pool_;
    core::worker_metrics metrics_{core::global_metrics()};
    hub::hub* hub_ = nullptr;
    connection_base* head_ = nullptr;
    std::atomic<std::size_t> count_{0};
    std::vector<connection_base*> dirty_;
    std::vector<connection_base*> flushing_;
    std::chrono::milliseconds tick_period_{1000};
    hub::worker_id id_;
    bool drain_due_ = false;  // wake() came: the hub holds events for this worker
};

}  // namespace ordercast::net

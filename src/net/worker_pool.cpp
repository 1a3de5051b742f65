#include "net/worker_pool.hpp"

#include <boost/asio/executor_work_guard.hpp>

#include <spdlog/spdlog.h>

#include "core/assert.hpp"

namespace ordercast::net {

worker_pool::worker_pool(std::size_t threads) {
    OC_ASSERT(threads > 0);
    workers_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i)
        workers_.push_back(std::make_unique<worker>(static_cast<hub::worker_id>(i)));
}

worker_pool::~worker_pool() {
    stop();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
}

void worker_pool::attach(hub::hub& hub) {
    for (auto& w : workers_) w->attach(hub);
}

worker& worker_pool::next() {
    worker& w = *workers_[next_];
    next_ = (next_ + 1) % workers_.size();
    return w;
}

void worker_pool::wake(hub::worker_id w) {
    workers_[w]->wake();
}

void worker_pool::run_and_join(std::chrono::milliseconds tick_period) {
    std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guards;
    for (auto& w : workers_) {
        guards.push_back(boost::asio::make_work_guard(w->io()));
        w->start_ticker(tick_period);
    }
    for (std::size_t i = 1; i < workers_.size(); ++i)
        threads_.emplace_back([this, i] { run_loop(*workers_[i]); });
    run_loop(*workers_[0]);
    for (auto& t : threads_) t.join();
    threads_.clear();
    // The loops are stopped: release what is left before the hub and contexts go away.
    for (auto& w : workers_) w->abort_connections();
}

void worker_pool::run_loop(worker& w) {
    // A handler that throws must not take the server down: log it and keep the loop going
    // (the connection concerned is left to its timeouts).
    for (;;) {
        try {
            w.run();
            return;
        } catch (const std::exception& e) {
            spdlog::error("worker {}: unexpected exception in a handler: {}", w.id(), e.what());
        }
    }
}

void worker_pool::stop() {
    for (auto& w : workers_) w->io().stop();
}

}  // namespace ordercast::net

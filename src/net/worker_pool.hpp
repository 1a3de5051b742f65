#pragma once
// The server's event loops: one worker per thread, each owning the connections accepted
// onto it. Implements the hub's dispatcher (waking a worker to drain its events).
#include <memory>
#include <thread>
#include <vector>

#include "hub/dispatcher.hpp"
#include "net/worker.hpp"

namespace ordercast::net {

class worker_pool final : public hub::dispatcher {
public:
    explicit worker_pool(std::size_t threads);
    ~worker_pool();

    // Must be called once, before run(): the hub is built with this pool as its dispatcher.
    void attach(hub::hub& hub);

    std::size_t size() const { return workers_.size(); }
    worker& at(std::size_t i) { return *workers_[i]; }
    // Round-robin choice for the next accepted connection.
    worker& next();

    void wake(hub::worker_id w) override;

    // Starts the threads (worker 0 runs on the calling thread in run_and_join()).
    void run_and_join(std::chrono::milliseconds tick_period);
    // Any thread: stops every loop; run_and_join() returns after the threads exit.
    void stop();

private:
    static void run_loop(worker& w);

    std::vector<std::unique_ptr<worker>> workers_;
    std::vector<std::thread> threads_;
    std::size_t next_ = 0;
};

}  // namespace ordercast::net

#pragma once
// Runs a function every `interval` on an io_context (a worker's loop, as serve's
// history timer does). The function runs on that loop's thread and blocks it while it
// runs, so it must be short (a few store reads). stop() or destruction cancels it; destroy
// it before the io_context.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>

namespace ordercast::app {

class periodic_task {
public:
    periodic_task(boost::asio::io_context& io, std::chrono::milliseconds interval, std::function<void()> fn)
        : timer_(io), interval_(interval), fn_(std::move(fn)), alive_(std::make_shared<bool>(true)) {}
    ~periodic_task() { stop(); }
    periodic_task(const periodic_task&) = delete;
    periodic_task& operator=(const periodic_task&) = delete;

    // The first run is one interval from now.
    void start() { arm(); }
    void stop() {
        *alive_ = false;
        timer_.cancel();
    }

private:
    void arm() {
        timer_.expires_after(interval_);
        timer_.async_wait([this, alive = alive_](boost::system::error_code ec) {
            if (ec || !*alive) return;
            fn_();
            if (*alive) arm();
        });
    }

    boost::asio::steady_timer timer_;
    std::chrono::milliseconds interval_;
    std::function<void()> fn_;
    std::shared_ptr<bool> alive_;  // the handler may outlive a stopped task briefly
};

}  // namespace ordercast::app

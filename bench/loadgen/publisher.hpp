#pragma once
// Publishers: a few keep-alive connections that publish round-robin over the channels,
// either as HTTP POSTs (pipelined, at most `window` awaiting an answer) or as WebSocket
// messages. At a fixed rate each publish has its own due time; at the maximum rate a publish
// goes out whenever the window and the delivery backlog allow. Every message carries its
// send time (monotonic ns) for the subscribers' latency figures.
//
// Threading: everything runs on the io_context's one thread.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bench/loadgen/client_frame.hpp"
#include "bench/loadgen/delivery_stats.hpp"
#include "bench/loadgen/options.hpp"

namespace ordercast::bench {

struct publisher_stats {
    std::uint64_t sent = 0;
    std::uint64_t accepted = 0;  // 2xx answers (HTTP); equals sent over WebSocket
    std::uint64_t rejected = 0;  // other answers; their deliveries are not expected
    std::uint64_t late = 0;      // fixed rate: due while the window was full, so not sent
    std::uint64_t window_sent = 0;
    std::string first_rejection;  // status line and body of the first rejected publish
    std::string failure;          // why a publishing connection failed ("" when none did)
};

class publisher {
public:
    // `per_channel` is read at each publish (subscribers may drop during the run).
    publisher(boost::asio::io_context& io, const loadgen_options& opts, delivery_stats& deliveries,
              const std::vector<std::uint32_t>& per_channel);
    ~publisher();
    publisher(const publisher&) = delete;
    publisher& operator=(const publisher&) = delete;

    // Opens the publishing connections (and upgrades them for ws). `on_ready(ok)` runs once.
    void connect(std::function<void(bool)> on_ready);
    void start();  // begins publishing
    void stop();   // issues nothing more; answers still in flight are read
    void close_all();

    // Starts counting `window_sent` (publishes sent inside the measurement window).
    void set_in_window(bool in) noexcept { in_window_ = in; }
    std::uint32_t in_flight() const noexcept { return in_flight_; }
    const publisher_stats& stats() const noexcept { return stats_; }

private:
    struct connection;

    void on_connected(connection& c, const boost::system::error_code& ec);
    void wait_readable(connection& c);
    void on_readable(connection& c);
    void on_http_bytes(connection& c);
    void on_ws_bytes(connection& c, std::string_view bytes);
    void flush(connection& c);
    void fail(connection& c, std::string_view why);
    void ready_one();

    bool can_issue() const noexcept;
    connection* pick_connection() noexcept;
    void issue(connection& c, std::uint64_t now_ns);
    void fill();     // maximum rate
    void on_tick();  // fixed rate
    void arm_retry();

    boost::asio::io_context& io_;
    const loadgen_options& opts_;
    delivery_stats& deliveries_;
    const std::vector<std::uint32_t>& per_channel_;
    boost::asio::ip::tcp::endpoint target_;
    boost::asio::steady_timer timer_;
    std::vector<std::unique_ptr<connection>> connections_;
    std::string http_prefix_;  // request line and headers up to "Content-Length: "
    std::string pad_;
    std::string body_;     // scratch: one publish body
    std::string message_;  // scratch: one WebSocket publish message
    std::vector<char> read_buffer_;
    mask_source masks_{0x51ed270bu};
    std::function<void(bool)> on_ready_;
    std::uint64_t max_backlog_ = 0;
    std::uint64_t period_ns_ = 0;
    std::uint64_t next_due_ns_ = 0;
    std::uint32_t per_connection_limit_ = 1;
    std::uint32_t next_channel_ = 0;
    std::uint32_t rr_ = 0;
    std::uint32_t in_flight_ = 0;
    std::uint32_t ready_ = 0;
    bool running_ = false;
    bool retry_armed_ = false;
    bool in_window_ = false;
    publisher_stats stats_;
};

}  // namespace ordercast::bench

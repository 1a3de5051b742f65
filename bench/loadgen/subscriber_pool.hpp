#pragma once
// N subscriber connections: connect (bound round-robin to several 127.0.0.x source
// addresses), upgrade, subscribe to one channel each (round-robin), then count deliveries
// and their latency, answering pings, until closed.
//
// Threading: everything runs on the one thread that runs the io_context.
// Reading: each connection waits for readability without a buffer and reads into one
// buffer shared by the pool, so an idle subscriber costs the generator no read buffer.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bench/loadgen/client_frame.hpp"
#include "bench/loadgen/delivery_stats.hpp"
#include "bench/loadgen/options.hpp"

namespace ordercast::bench {

class subscriber_pool {
public:
    subscriber_pool(boost::asio::io_context& io, const loadgen_options& opts, delivery_stats& stats);
    ~subscriber_pool();
    subscriber_pool(const subscriber_pool&) = delete;
    subscriber_pool& operator=(const subscriber_pool&) = delete;

    // Starts connecting every subscriber, `connect_concurrency` at a time. `on_settled` runs
    // once, when each subscriber has either subscribed or failed; it is not called if the
    // caller's deadline passes first (the caller then reads the counters as they stand).
    void start(std::function<void()> on_settled);

    // Starts no further connections (those under way still finish).
    void stop_launching() noexcept { next_ = opts_.connections; }

    // Closes every connection (no close handshake: the run is over).
    void close_all();

    std::uint32_t subscribed() const noexcept { return subscribed_; }
    std::uint32_t failed() const noexcept { return failed_; }
    // Connections that closed after subscribing (a server closing slow readers shows here).
    std::uint32_t dropped() const noexcept { return dropped_; }
    std::uint64_t errors_received() const noexcept { return errors_received_; }
    // Subscribed connections per channel index, the multiplier of each publish.
    const std::vector<std::uint32_t>& subscribers_per_channel() const noexcept { return per_channel_; }
    // The first failure seen, for the report ("" when none).
    const std::string& first_failure() const noexcept { return first_failure_; }

private:
    struct connection;

    void launch_next();
    void on_connected(connection& c, const boost::system::error_code& ec);
    void wait_readable(connection& c);
    void on_readable(connection& c);
    void on_bytes(connection& c, std::string_view bytes, std::uint64_t now_ns);
    void on_text(connection& c, std::string_view text, std::uint64_t now_ns);
    void send_frame(connection& c, ws_opcode op, std::string_view payload);
    void flush(connection& c);
    void send_subscribe(connection& c);
    void on_subscribed(connection& c);
    void fail(connection& c, std::string_view why);
    void settle_one();

    boost::asio::io_context& io_;
    const loadgen_options& opts_;
    delivery_stats& stats_;
    boost::asio::ip::tcp::endpoint target_;
    std::string upgrade_request_;
    std::vector<std::unique_ptr<connection>> connections_;
    std::vector<std::uint32_t> per_channel_;
    std::vector<char> read_buffer_;
    std::string scratch_;  // frame being encoded
    mask_source masks_{0x2545f491u};
    std::function<void()> on_settled_;
    std::uint32_t next_ = 0;
    std::uint32_t settled_ = 0;
    std::uint32_t subscribed_ = 0;
    std::uint32_t failed_ = 0;
    std::uint32_t dropped_ = 0;
    std::uint64_t errors_received_ = 0;
    std::string first_failure_;
};

}  // namespace ordercast::bench

#pragma once
// Accepts TCP connections and hands each to the next worker as an http_session (plain or TLS).
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <string>

#include "net/server_context.hpp"
#include "net/worker_pool.hpp"

namespace ordercast::net {

class listener {
public:
    // Binds and listens; throws std::system_error naming the address on failure.
    listener(worker_pool& pool, server_context& ctx, const std::string& host, std::uint16_t port);
    void start();
    // Any thread; stops accepting (graceful shutdown).
    void close();
    std::uint16_t port() const { return port_; }

private:
    void accept();

    worker_pool& pool_;
    server_context& ctx_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer backoff_;
    std::uint16_t port_ = 0;
};

}  // namespace ordercast::net

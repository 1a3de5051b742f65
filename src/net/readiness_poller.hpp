#pragma once
// Readiness of one worker's plain WebSocket sockets, from an epoll set of our own that the
// worker's io_context watches as a single descriptor.
//
// Why not Asio's reactor for these sockets: it keeps a per-descriptor state (with a mutex)
// and a heap operation for every pending wait — about 350 bytes per idle connection, as much
// as the rest of the connection. Each socket here belongs to one loop on one thread, which
// needs neither. (HTTP requests and TLS connections stay on Asio.)
//
// Sockets are registered once, edge-triggered, for input, output and peer hang-up. A handler
// is told about a readiness change once: it must read (or write) until EAGAIN, or arrange to
// continue by itself, before it can count on being told again.
//
// Threading: the worker's thread only.
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <sys/epoll.h>

#include <array>
#include <cstdint>

namespace ordercast::net {

class readiness_handler {
public:
    // `events` is a mask of EPOLLIN, EPOLLOUT, EPOLLRDHUP, EPOLLHUP and EPOLLERR. The handler
    // must stay alive until it is removed and the current loop turn has ended (release it
    // through a posted handler, not from inside on_ready()).
    virtual void on_ready(std::uint32_t events) = 0;

protected:
    ~readiness_handler() = default;
};

class readiness_poller {
public:
    // Throws boost::system::system_error when the epoll set cannot be created.
    explicit readiness_poller(boost::asio::io_context& io);
    readiness_poller(const readiness_poller&) = delete;
    readiness_poller& operator=(const readiness_poller&) = delete;

    // Starts watching `fd` (a non-blocking socket) for `handler`. Throws system_error.
    void add(int fd, readiness_handler& handler);
    // Stops watching `fd`. Call before closing it.
    void remove(int fd) noexcept;

private:
    static constexpr std::size_t k_batch = 256;

    void arm();
    void poll();

    boost::asio::posix::stream_descriptor epoll_;
    std::array<epoll_event, k_batch> ready_{};
};

}  // namespace ordercast::net

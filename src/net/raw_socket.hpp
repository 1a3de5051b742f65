#pragma once
// A connected TCP socket held as a bare descriptor: what a plain WebSocket connection needs
// once its readiness comes from the worker's readiness_poller rather than from Asio.
// Non-copyable; closes the descriptor when destroyed.
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cstddef>
#include <utility>

namespace ordercast::net {

class raw_socket {
public:
    explicit raw_socket(int fd) noexcept : fd_(fd) {}
    raw_socket(raw_socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    raw_socket& operator=(raw_socket&&) = delete;
    ~raw_socket() { close(); }

    [[nodiscard]] int fd() const noexcept { return fd_; }
    [[nodiscard]] bool is_open() const noexcept { return fd_ >= 0; }

    // Sets O_NONBLOCK and TCP_NODELAY. Returns false (errno set) when either fails.
    bool make_nonblocking_nodelay() noexcept;

    // Bytes read (> 0), 0 at the end of the stream, or -1 with errno set (EAGAIN: nothing
    // to read now).
    ssize_t read_some(char* data, std::size_t size) noexcept { return ::recv(fd_, data, size, 0); }
    // Bytes written, or -1 with errno set (EAGAIN: the send buffer is full). Never raises
    // SIGPIPE: a peer that went away is an EPIPE error like any other.
    ssize_t write_some(const iovec* buffers, std::size_t count) noexcept;

    void shutdown_send() noexcept { ::shutdown(fd_, SHUT_WR); }
    void close() noexcept;

private:
    int fd_;
};

}  // namespace ordercast::net

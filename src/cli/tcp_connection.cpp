#include "cli/tcp_connection.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "cli/http_client.hpp"

namespace ordercast::cli {
namespace {

// Milliseconds until `deadline` for poll(): -1 (forever) without one, 0 once passed.
int poll_timeout(std::optional<tcp_connection::clock::time_point> deadline) {
    if (!deadline) return -1;
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - tcp_connection::clock::now());
    return left.count() <= 0 ? 0 : static_cast<int>(std::min<long long>(left.count(), 1 << 30));
}

}  // namespace

tcp_connection::tcp_connection(const std::string& host, std::uint16_t port,
                               std::chrono::milliseconds timeout) {
    const std::string where = fmt::format("http://{}:{}", host, port);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0)
        throw cli_error(fmt::format("cannot resolve {}: {}", host, ::gai_strerror(rc)));
    const auto deadline = clock::now() + timeout;
    std::string last_error = "no address";
    for (addrinfo* a = found; a != nullptr && fd_ < 0; a = a->ai_next) {
        int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) continue;
        int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            pollfd p{fd, POLLOUT, 0};
            rc = ::poll(&p, 1, poll_timeout(deadline)) == 1 ? 0 : -1;
            int err = rc == 0 ? 0 : ETIMEDOUT;
            socklen_t len = sizeof err;
            if (rc == 0) ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            errno = err;
            rc = err == 0 ? 0 : -1;
        }
        if (rc == 0) {
            fd_ = fd;
            break;
        }
        last_error = std::strerror(errno);
        ::close(fd);
    }
    ::freeaddrinfo(found);
    if (fd_ < 0)
        throw cli_error(
            fmt::format("cannot reach {}: {}; is `ordercast serve` running there? (--server or "
                        "ORDERCAST_SERVER)",
                        where, last_error));
}

tcp_connection::~tcp_connection() {
    if (fd_ >= 0) ::close(fd_);
}

void tcp_connection::write_all(std::string_view bytes, clock::time_point deadline) {
    while (!bytes.empty()) {
        ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n > 0) {
            bytes.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd p{fd_, POLLOUT, 0};
            if (::poll(&p, 1, poll_timeout(deadline)) == 1) continue;
            throw cli_error("the server did not take the request in time");
        }
        throw cli_error(fmt::format("cannot send to the server: {}", std::strerror(errno)));
    }
}

tcp_connection::read_result tcp_connection::read_some(std::string& buffer,
                                                      std::optional<clock::time_point> deadline) {
    char chunk[16384];
    for (;;) {
        ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n > 0) {
            buffer.append(chunk, static_cast<std::size_t>(n));
            return read_result::data;
        }
        if (n == 0) return read_result::eof;
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            throw cli_error(fmt::format("the connection to the server failed: {}", std::strerror(errno)));
        pollfd p{fd_, POLLIN, 0};
        int ready = ::poll(&p, 1, poll_timeout(deadline));
        if (ready == 0) return read_result::timeout;
        if (ready < 0 && errno != EINTR)
            throw cli_error(fmt::format("the connection to the server failed: {}", std::strerror(errno)));
    }
}

}  // namespace ordercast::cli

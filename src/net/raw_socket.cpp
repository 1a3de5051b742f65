#include "net/raw_socket.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

namespace ordercast::net {

bool raw_socket::make_nonblocking_nodelay() noexcept {
    const int flags = ::fcntl(fd_, F_GETFL, 0);
    if (flags < 0 || ::fcntl(fd_, F_SETFL, flags | O_NONBLOCK) < 0) return false;
    const int one = 1;
    return ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0;
}

ssize_t raw_socket::write_some(const iovec* buffers, std::size_t count) noexcept {
    // One buffer (a subscriber with one frame due, the common case when events are spread over
    // many channels): send() skips copying and checking an iovec array in the kernel.
    if (count == 1) return ::send(fd_, buffers[0].iov_base, buffers[0].iov_len, MSG_NOSIGNAL);
    msghdr msg{};
    msg.msg_iov = const_cast<iovec*>(buffers);
    msg.msg_iovlen = count;
    return ::sendmsg(fd_, &msg, MSG_NOSIGNAL);
}

void raw_socket::close() noexcept {
    if (fd_ < 0) return;
    ::close(fd_);
    fd_ = -1;
}

}  // namespace ordercast::net

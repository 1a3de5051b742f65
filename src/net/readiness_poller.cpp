#include "net/readiness_poller.hpp"

#include <boost/asio/post.hpp>

#include <cerrno>
#include <system_error>

namespace ordercast::net {
namespace {

int create_epoll() {
    int fd = ::epoll_create1(EPOLL_CLOEXEC);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
    return fd;
}

}  // namespace

readiness_poller::readiness_poller(boost::asio::io_context& io) : epoll_(io, create_epoll()) {
    arm();
}

void readiness_poller::add(int fd, readiness_handler& handler) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.ptr = &handler;
    if (::epoll_ctl(epoll_.native_handle(), EPOLL_CTL_ADD, fd, &ev) != 0)
        throw std::system_error(errno, std::generic_category(), "epoll_ctl(ADD)");
}

void readiness_poller::remove(int fd) noexcept {
    epoll_event ev{};  // ignored, but kernels before 2.6.9 wanted a pointer
    ::epoll_ctl(epoll_.native_handle(), EPOLL_CTL_DEL, fd, &ev);
}

void readiness_poller::arm() {
    epoll_.async_wait(boost::asio::posix::descriptor_base::wait_read, [this](boost::system::error_code ec) {
        if (!ec) poll();
    });
}

void readiness_poller::poll() {
    const int n = ::epoll_wait(epoll_.native_handle(), ready_.data(), static_cast<int>(k_batch), 0);
    for (int i = 0; i < n; ++i)
        static_cast<readiness_handler*>(ready_[static_cast<std::size_t>(i)].data.ptr)
            ->on_ready(ready_[static_cast<std::size_t>(i)].events);
    // A full batch may have left sockets behind: take them on the next turn, after whatever
    // else the loop has queued. Otherwise wait for the set to signal again; the loop runs on
    // this thread only, so nothing can become ready unseen between the epoll_wait and the arm.
    if (n == static_cast<int>(k_batch))
        boost::asio::post(epoll_.get_executor(), [this] { poll(); });
    else
        arm();
}

}  // namespace ordercast::net

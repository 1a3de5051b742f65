#include "net/listener.hpp"

#include <boost/asio/post.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "net/http_session.hpp"
#include "net/websocket_connection.hpp"

namespace ordercast::net {

namespace asio = boost::asio;
using asio::ip::tcp;

listener::listener(worker_pool& pool, server_context& ctx, const std::string& host, std::uint16_t port)
    : pool_(pool), ctx_(ctx), acceptor_(pool.at(0).io()), backoff_(pool.at(0).io()) {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec) throw std::system_error(ec, fmt::format("server.host '{}' is not an IP address", host));
    tcp::endpoint endpoint(address, port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        throw std::system_error(
            ec, fmt::format("cannot listen on {}:{} (is another server using the port? set server.port)",
                            host, port));
    port_ = acceptor_.local_endpoint().port();
}

namespace {
// Moves an accepted socket onto the worker's concrete executor type (see plain_stream).
plain_stream rebind(tcp::socket s, worker& target) {
    boost::system::error_code ec;
    const auto protocol = s.local_endpoint(ec).protocol();
    plain_stream out(target.io().get_executor());
    const auto fd = s.release(ec);
    if (!ec) out.assign(protocol, fd, ec);
    if (ec) spdlog::warn("cannot take over an accepted socket: {}", ec.message());
    return out;
}
}  // namespace

void listener::start() {
    accept();
}

void listener::close() {
    asio::post(acceptor_.get_executor(), [this] {
        boost::system::error_code ec;
        acceptor_.close(ec);
        backoff_.cancel();
    });
}

void listener::accept() {
    worker& target = pool_.next();
    acceptor_.async_accept(target.io(), [this, &target](boost::system::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
        if (ec) {
            // EMFILE and friends: the listening socket stays readable, so accepting again at
            // once would spin. Back off, and log once per pause, not per attempt.
            spdlog::warn(
                "accept failed: {} (raise the file-descriptor limit or limits.connections_per_node); "
                "pausing accepts for 100 ms",
                ec.message());
            backoff_.expires_after(std::chrono::milliseconds(100));
            backoff_.async_wait([this](boost::system::error_code wait_ec) {
                if (!wait_ec && acceptor_.is_open()) accept();
            });
            return;
        } else {
            // Start the session on its own worker's thread.
            asio::post(target.io(), [this, &target, s = std::move(socket)]() mutable {
                if (ctx_.tls != nullptr)
                    std::make_shared<http_session<tls_stream>>(tls_stream(std::move(s), *ctx_.tls), target,
                                                               ctx_)
                        ->run();
                else
                    std::make_shared<http_session<plain_stream>>(rebind(std::move(s), target), target, ctx_)
                        ->run();
            });
        }
        accept();
    });
}

}  // namespace ordercast::net

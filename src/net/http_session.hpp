#pragma once
// One HTTP/1.1 connection (plain or TLS): reads requests with Beast, answers REST routes,
// keeps the connection alive, and hands WebSocket upgrades of /v1 to websocket_connection.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <memory>
#include <optional>

#include "net/server_context.hpp"

namespace ordercast::net {

class worker;

template <class Stream>
class http_session : public std::enable_shared_from_this<http_session<Stream>> {
public:
    http_session(Stream stream, worker& owner, server_context& ctx);
    void run();

private:
    void read_request();
    void on_read(boost::system::error_code ec, std::size_t);
    void handle_request();
    void upgrade(const boost::beast::http::request<boost::beast::http::string_body>& req);
    void write_response(int status, std::string content_type, std::string body,
                        const std::vector<std::pair<std::string, std::string>>& headers, bool keep_alive);
    void arm_timer(int ms);
    void close_socket();
    using socket_type = std::conditional_t<std::is_same_v<Stream, boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>,
                                           boost::asio::ip::tcp::socket, Stream>;
    socket_type& socket();

    Stream stream_;
    worker& owner_;
    server_context& ctx_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    boost::asio::steady_timer timer_;
    std::string response_;
    bool first_request_ = true;
};

}  // namespace ordercast::net

#pragma once
// One HTTP/1.1 connection (plain or TLS): reads requests with Beast, hands each to the
// server's http_handler, keeps the connection alive and pipelines answers, and hands WebSocket
// upgrades that admit_upgrade accepts to websocket_connection.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <memory>
#include <optional>

#include "net/server_context.hpp"
#include "net/upgrade.hpp"

namespace ordercast::net {

class worker;

template <class Stream>
class http_session : public std::enable_shared_from_this<http_session<Stream>> {
public:
    http_session(Stream stream, worker& owner, server_context& ctx);
    void run();

private:
    using request_type = boost::beast::http::request<boost::beast::http::string_body>;
    // A fresh parser, then wait for (more of) a request.
    void read_request();
    void next_parser();
    void await_request();
    void on_read(boost::system::error_code ec, std::size_t);
    // Feeds the parser what is already buffered: true when that completes a request; false
    // when more bytes are needed, or (with `ec` set) when they are not HTTP.
    bool parse_buffered(boost::system::error_code& ec);
    // Answers a bad or over-limit request and closes; false when `ec` is the peer leaving.
    bool answer_read_error(boost::system::error_code ec);
    void serve();
    // Routes one request and queues its answer; false when the connection must close after it.
    bool answer(request_type req);
    void upgrade(const request_type& req);
    void refuse_upgrade(const upgrade_refusal& refused);
    bool queue_response(int status, std::string_view content_type, std::string_view body,
                        const std::vector<std::pair<std::string, std::string>>& headers, bool keep_alive);
    // Queues an answer and writes everything queued, then reads on or closes.
    void write_response(int status, std::string_view content_type, std::string_view body,
                        const std::vector<std::pair<std::string, std::string>>& headers, bool keep_alive);
    // Writes the queued answers, then calls then(*this) unless the write failed.
    template <class Then>
    void flush(Then then);
    void arm_timer(int ms);
    void close_socket();
    using socket_type =
        std::conditional_t<std::is_same_v<Stream, boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>,
                           boost::asio::ip::tcp::socket, Stream>;
    socket_type& socket();

    Stream stream_;
    worker& owner_;
    server_context& ctx_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    boost::asio::steady_timer timer_;
    std::string response_;  // answers queued for one write
    bool first_request_ = true;
};

}  // namespace ordercast::net

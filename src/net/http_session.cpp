#include "net/http_session.hpp"

#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>

#include "core/clock.hpp"
#include "core/json_writer.hpp"
#include "core/metrics.hpp"
#include "net/http_handler.hpp"
#include "net/upgrade.hpp"
#include "net/websocket_connection.hpp"
#include "net/worker.hpp"

namespace ordercast::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

constexpr int k_keep_alive_idle_ms = 60000;
constexpr std::uint32_t k_header_limit = 16 * 1024;
// Answers to pipelined requests are written together up to this many bytes.
constexpr std::size_t k_cork_bytes = 64 * 1024;
// Read buffer of a keep-alive connection after its first request. Beast reads at most the
// buffer's free space (512 bytes to start with): about one publish per read, each answered
// and refilled alone. With room for a pipelining client's whole window, one read takes all
// its requests and one write answers them. A connection that upgrades on its first request
// (every WebSocket) never grows it.
constexpr std::size_t k_keep_alive_read_bytes = 16 * 1024;

template <class Stream>
constexpr bool is_tls = std::is_same_v<Stream, tls_stream>;

std::string_view status_text(int status) {
    return http::obsolete_reason(static_cast<http::status>(status));
}

}  // namespace

template <class Stream>
http_session<Stream>::http_session(Stream stream, worker& owner, server_context& ctx)
    : stream_(std::move(stream)), owner_(owner), ctx_(ctx), timer_(owner.io()) {}

template <class Stream>
typename http_session<Stream>::socket_type& http_session<Stream>::socket() {
    if constexpr (is_tls<Stream>)
        return stream_.next_layer();
    else
        return stream_;
}

template <class Stream>
void http_session<Stream>::run() {
    if constexpr (is_tls<Stream>) {
        arm_timer(ctx_.session.config.server.handshake_timeout_ms);
        stream_.async_handshake(asio::ssl::stream_base::server,
                                [self = this->shared_from_this()](error_code ec) {
                                    if (ec) {
                                        self->close_socket();
                                        return;
                                    }
                                    self->read_request();
                                });
    } else {
        read_request();
    }
}

template <class Stream>
void http_session<Stream>::arm_timer(int ms) {
    timer_.expires_after(std::chrono::milliseconds(ms));
    timer_.async_wait([weak = this->weak_from_this()](error_code ec) {
        if (ec) return;
        if (auto self = weak.lock()) self->close_socket();
    });
}

template <class Stream>
void http_session<Stream>::close_socket() {
    error_code ec;
    socket().shutdown(asio::socket_base::shutdown_both, ec);
    socket().close(ec);
}

template <class Stream>
void http_session<Stream>::read_request() {
    next_parser();
    await_request();
}

template <class Stream>
void http_session<Stream>::next_parser() {
    parser_.emplace();
    parser_->header_limit(k_header_limit);
    parser_->body_limit(static_cast<std::uint64_t>(ctx_.session.config.server.max_http_body_bytes));
    parser_->eager(true);  // parse the body in the same pass as the header when it is there
}

template <class Stream>
void http_session<Stream>::await_request() {
    if (ctx_.shutting_down.load(std::memory_order_relaxed) && !first_request_) {
        close_socket();
        return;
    }
    arm_timer(first_request_ ? ctx_.session.config.server.handshake_timeout_ms : k_keep_alive_idle_ms);
    if (!first_request_ && buffer_.capacity() < k_keep_alive_read_bytes)
        buffer_.reserve(k_keep_alive_read_bytes);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](error_code ec, std::size_t n) { self->on_read(ec, n); });
}

template <class Stream>
bool http_session<Stream>::parse_buffered(error_code& ec) {
    while (buffer_.size() > 0) {
        const std::size_t used = parser_->put(buffer_.data(), ec);
        buffer_.consume(used);
        if (ec == http::error::need_more) {
            ec = {};
            return false;
        }
        if (ec || parser_->is_done()) return !ec;
        if (used == 0) return false;
    }
    return false;
}

template <class Stream>
void http_session<Stream>::on_read(error_code ec, std::size_t) {
    timer_.cancel();
    if (ec) {
        if (!answer_read_error(ec)) close_socket();
        return;
    }
    first_request_ = false;
    serve();
}

template <class Stream>
bool http_session<Stream>::answer_read_error(error_code ec) {
    if (ec == http::error::body_limit) {
        write_response(
            413, "application/json",
            R"({"error":{"code":"MESSAGE_TOO_LARGE","message":"the request body is over server.max_http_body_bytes"}})",
            {}, false);
        return true;
    }
    if (ec == http::error::header_limit) {
        write_response(431, "application/json",
                       R"({"error":{"code":"BAD_REQUEST","message":"request headers are too large"}})", {},
                       false);
        return true;
    }
    if (ec != http::error::end_of_stream && ec != asio::error::operation_aborted && ec != asio::error::eof &&
        ec != asio::error::connection_reset && ec != asio::ssl::error::stream_truncated) {
        write_response(400, "application/json",
                       R"({"error":{"code":"BAD_REQUEST","message":"malformed HTTP request"}})", {}, false);
        return true;
    }
    return false;
}

// Answers the request the parser holds, then every further whole request already buffered
// (a pipelining client's), and writes all the answers at once. Publishes among them all
// reach the hub before its next drain, so each subscriber gets their frames in one send,
// as uWebSockets does by corking: one read, one write, one send per subscriber.
template <class Stream>
void http_session<Stream>::serve() {
    for (;;) {
        if (beast::websocket::is_upgrade(parser_->get())) {
            if (response_.empty()) {
                upgrade(parser_->release());
            } else {
                flush([](http_session& self) { self.upgrade(self.parser_->release()); });
            }
            return;
        }
        if (!answer(parser_->release())) {
            flush([](http_session& self) { self.close_socket(); });
            return;
        }
        next_parser();
        if (response_.size() >= k_cork_bytes) break;
        error_code ec;
        if (parse_buffered(ec)) continue;
        if (ec) {
            if (!answer_read_error(ec)) close_socket();
            return;
        }
        break;
    }
    flush([](http_session& self) { self.await_request(); });
}

template <class Stream>
bool http_session<Stream>::answer(http::request<http::string_body> req) {
    std::string_view target = req.target();
    auto q = target.find('?');
    http_request r;
    r.method = req.method_string();
    r.path = target.substr(0, q);
    r.query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
    r.authorization = req[http::field::authorization];
    r.idempotency_key = req["Idempotency-Key"];
    r.if_match = req[http::field::if_match];
    r.body = req.body();
    std::string_view route;
    http_response res;
    try {
        res = ctx_.http.handle(r, route);
    } catch (const std::exception& e) {
        spdlog::error("{} {}: unexpected exception: {}", r.method, r.path, e.what());
        res = error_response(core::error_code::internal_error,
                             "the server failed to handle this request; it has been logged");
    }
    owner_.metrics().count_http(route, res.status);
    return queue_response(res.status, res.content_type, res.body, res.headers, req.keep_alive());
}

template <class Stream>
bool http_session<Stream>::queue_response(int status, std::string_view content_type, std::string_view body,
                                          const std::vector<std::pair<std::string, std::string>>& headers,
                                          bool keep_alive) {
    keep_alive = keep_alive && !ctx_.shutting_down.load(std::memory_order_relaxed);
    // Plain appends: this runs once per publish, and format parsing cost more than the rest.
    char number[24];
    response_ += "HTTP/1.1 ";
    response_.append(number, std::to_chars(number, number + sizeof number, status).ptr);
    response_ += ' ';
    response_ += status_text(status);
    response_ += "\r\nServer: ordercast\r\nContent-Type: ";
    response_ += content_type;
    response_ += "\r\nContent-Length: ";
    response_.append(number, std::to_chars(number, number + sizeof number, body.size()).ptr);
    response_ += "\r\n";
    for (const auto& [name, value] : headers) {
        response_ += name;
        response_ += ": ";
        response_ += value;
        response_ += "\r\n";
    }
    response_ += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    response_ += body;
    return keep_alive;
}

template <class Stream>
void http_session<Stream>::write_response(int status, std::string_view content_type, std::string_view body,
                                          const std::vector<std::pair<std::string, std::string>>& headers,
                                          bool keep_alive) {
    if (queue_response(status, content_type, body, headers, keep_alive))
        flush([](http_session& self) { self.read_request(); });
    else
        flush([](http_session& self) { self.close_socket(); });
}

template <class Stream>
template <class Then>
void http_session<Stream>::flush(Then then) {
    // A client that never reads its answers must not hold the connection forever.
    arm_timer(k_keep_alive_idle_ms);
    asio::async_write(stream_, asio::buffer(response_),
                      [self = this->shared_from_this(), then](error_code ec, std::size_t) {
                          self->timer_.cancel();
                          self->response_.clear();
                          if (ec) {
                              self->close_socket();
                              return;
                          }
                          then(*self);
                      });
}

template <class Stream>
void http_session<Stream>::upgrade(const http::request<http::string_body>& req) {
    const admission_rules rules{ctx_.session.dialects, ctx_.session.config.server.allowed_origins,
                                ctx_.session.verifier};
    auto decided = admit_upgrade(req, rules, core::unix_seconds());
    if (auto* refused = std::get_if<upgrade_refusal>(&decided)) {
        refuse_upgrade(*refused);
        return;
    }
    if (ctx_.shutting_down.load(std::memory_order_relaxed)) {
        refuse_upgrade({503, core::error_code::service_unavailable, "the server is shutting down"});
        return;
    }
    auto& outcome = std::get<upgrade_outcome>(decided);
    auto leftover = buffer_.data();
    outcome.leftover.assign(static_cast<const char*>(leftover.data()), leftover.size());
    timer_.cancel();
    owner_.metrics().count_http("websocket_upgrade", 101);
    auto conn = std::make_shared<websocket_connection<Stream>>(std::move(stream_), owner_, ctx_.session,
                                                               *outcome.dialect);
    conn->start(std::move(outcome));
}

template <class Stream>
void http_session<Stream>::refuse_upgrade(const upgrade_refusal& refused) {
    http_response res = error_response(refused.code, refused.message);
    if (refused.status == 426) res.headers.emplace_back("Sec-WebSocket-Version", "13");
    if (refused.status == 401) {
        res.headers.emplace_back("WWW-Authenticate", "Bearer");
        core::global_metrics().auth_failures.fetch_add(1, std::memory_order_relaxed);
    }
    owner_.metrics().count_http("websocket_upgrade", refused.status);
    write_response(refused.status, res.content_type, res.body, res.headers, false);
}

template class http_session<plain_stream>;
template class http_session<tls_stream>;

}  // namespace ordercast::net

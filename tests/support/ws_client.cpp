#include "support/ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <deque>
#include <stdexcept>
#include <variant>

namespace ordercast::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using clock_type = std::chrono::steady_clock;

using plain_ws = websocket::stream<beast::tcp_stream>;
using tls_ws = websocket::stream<net::ssl::stream<beast::tcp_stream>>;

struct ws_client::impl {
    // Declared first so it is destroyed last: pending handlers reference the stream.
    net::io_context ioc;
    net::ssl::context ssl_ctx{net::ssl::context::tls_client};
    std::variant<std::unique_ptr<plain_ws>, std::unique_ptr<tls_ws>> ws;
    websocket::response_type response;
    bool upgraded = false;

    beast::flat_buffer buffer;
    std::deque<std::string> inbox;
    bool read_pending = false;
    close_info status;
    int pings = 0;

    template <class F>
    decltype(auto) visit(F&& f) {
        return std::visit([&](auto& p) -> decltype(auto) { return f(*p); }, ws);
    }

    tcp::socket& socket() {
        return visit([](auto& s) -> tcp::socket& { return beast::get_lowest_layer(s).socket(); });
    }

    // Runs the event loop until `done()` or the deadline. Returns done().
    template <class Pred>
    bool run_until(Pred done, clock_type::time_point deadline) {
        while (!done()) {
            if (ioc.stopped()) ioc.restart();
            if (ioc.run_one_until(deadline) == 0) {
                if (clock_type::now() >= deadline) return done();
                if (ioc.stopped()) return done();  // no work left: nothing more can happen
            }
        }
        return true;
    }

    void record_end(const beast::error_code& ec) {
        if (status.closed) return;
        status.closed = true;
        visit([&](auto& s) {
            status.code = s.reason().code;
            status.reason = std::string(s.reason().reason.c_str());
        });
        if (status.code == 0) status.error = ec.message();
    }

    void arm_read() {
        if (read_pending || status.closed) return;
        read_pending = true;
        visit([&](auto& s) {
            s.async_read(buffer, [this](beast::error_code ec, std::size_t) {
                read_pending = false;
                if (ec) {
                    record_end(ec);
                    return;
                }
                inbox.push_back(beast::buffers_to_string(buffer.data()));
                buffer.consume(buffer.size());
            });
        });
    }

    // A close frame may have arrived while the TCP teardown is still pending.
    void note_close_frame() {
        if (status.closed) return;
        visit([&](auto& s) {
            if (s.reason().code != 0) {
                status.closed = true;
                status.code = s.reason().code;
                status.reason = std::string(s.reason().reason.c_str());
            }
        });
    }
};

ws_client::ws_client(std::unique_ptr<impl> p) : impl_(std::move(p)) {}

ws_client::~ws_client() {
    if (impl_->upgraded && !impl_->status.closed) close(1000, std::chrono::milliseconds(500));
    beast::error_code ec;
    impl_->socket().close(ec);
}

std::unique_ptr<ws_client> ws_client::connect(const ws_options& options) {
    auto p = std::make_unique<impl>();
    auto deadline = clock_type::now() + options.timeout;
    if (options.tls) {
        p->ssl_ctx.set_verify_mode(net::ssl::verify_peer);
        if (!options.ca_file.empty()) p->ssl_ctx.load_verify_file(options.ca_file);
        auto s = std::make_unique<tls_ws>(p->ioc, p->ssl_ctx);
        s->next_layer().set_verify_callback(net::ssl::host_name_verification(options.tls_server_name));
        if (!SSL_set_tlsext_host_name(s->next_layer().native_handle(), options.tls_server_name.c_str()))
            throw std::runtime_error("cannot set TLS SNI");
        p->ws = std::move(s);
    } else {
        p->ws = std::make_unique<plain_ws>(p->ioc);
    }

    tcp::endpoint endpoint(net::ip::make_address(options.host), options.port);
    auto& sock = p->socket();
    sock.open(endpoint.protocol());
    if (options.receive_buffer_bytes > 0)
        sock.set_option(net::socket_base::receive_buffer_size(options.receive_buffer_bytes));

    auto step = [&](auto start, const char* what) {
        bool done = false;
        beast::error_code result;
        start([&](beast::error_code ec, auto&&...) {
            done = true;
            result = ec;
        });
        if (!p->run_until([&] { return done; }, deadline)) {
            beast::error_code ignored;
            p->socket().close(ignored);
            p->run_until([&] { return done; }, clock_type::now() + std::chrono::seconds(1));
            throw std::runtime_error(std::string(what) + " timed out");
        }
        return result;
    };

    auto ec = p->visit([&](auto& s) {
        return step([&](auto h) { beast::get_lowest_layer(s).socket().async_connect(endpoint, h); },
                    "connect");
    });
    if (ec)
        throw std::runtime_error("connect to " + options.host + ":" + std::to_string(options.port) + ": " +
                                 ec.message());

    if (auto* t = std::get_if<std::unique_ptr<tls_ws>>(&p->ws)) {
        ec = step([&](auto h) { (*t)->next_layer().async_handshake(net::ssl::stream_base::client, h); },
                  "TLS handshake");
        if (ec) throw std::runtime_error("TLS handshake: " + ec.message());
    }

    auto headers = options.headers;
    if (!options.subprotocols.empty()) {
        std::string joined;
        for (const auto& sp : options.subprotocols) {
            if (!joined.empty()) joined += ", ";
            joined += sp;
        }
        headers.emplace_back("Sec-WebSocket-Protocol", joined);
    }
    std::string host_header = options.host + ":" + std::to_string(options.port);
    ec = p->visit([&](auto& s) {
        s.auto_fragment(options.auto_fragment);
        if (options.write_buffer_bytes > 0) s.write_buffer_bytes(options.write_buffer_bytes);
        s.control_callback([raw = p.get()](websocket::frame_type kind, std::string_view) {
            if (kind == websocket::frame_type::ping) ++raw->pings;
        });
        s.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
            for (const auto& [k, v] : headers) req.set(k, v);
        }));
        return step([&](auto h) { s.async_handshake(p->response, host_header, options.target, h); },
                    "WebSocket upgrade");
    });
    if (ec == websocket::error::upgrade_declined ||
        (ec && p->response.result_int() != 0 && p->response.result_int() != 101)) {
        p->upgraded = false;
    } else if (ec) {
        throw std::runtime_error("WebSocket upgrade: " + ec.message());
    } else {
        p->upgraded = true;
    }
    return std::unique_ptr<ws_client>(new ws_client(std::move(p)));
}

bool ws_client::upgraded() const {
    return impl_->upgraded;
}
unsigned ws_client::http_status() const {
    return impl_->response.result_int();
}

std::string ws_client::response_header(std::string_view name) const {
    auto it = impl_->response.find(name);
    return it == impl_->response.end() ? std::string() : std::string(it->value());
}

std::string ws_client::response_body() const {
    return impl_->response.body();
}

bool ws_client::send(std::string_view text, std::chrono::milliseconds timeout) {
    if (!impl_->upgraded || impl_->status.closed) return false;
    bool done = false;
    beast::error_code result;
    impl_->visit([&](auto& s) {
        s.text(true);
        s.async_write(net::buffer(text.data(), text.size()), [&](beast::error_code ec, std::size_t) {
            done = true;
            result = ec;
        });
    });
    if (!impl_->run_until([&] { return done; }, clock_type::now() + timeout)) {
        // A write that cannot finish leaves the stream unusable: end the connection.
        beast::error_code ignored;
        impl_->socket().close(ignored);
        impl_->run_until([&] { return done; }, clock_type::now() + std::chrono::seconds(1));
        impl_->record_end(beast::error::timeout);
        return false;
    }
    if (result) impl_->record_end(result);
    return !result;
}

std::optional<std::string> ws_client::receive_text(std::chrono::milliseconds timeout) {
    auto deadline = clock_type::now() + timeout;
    for (;;) {
        if (!impl_->inbox.empty()) {
            auto text = std::move(impl_->inbox.front());
            impl_->inbox.pop_front();
            return text;
        }
        if (!impl_->upgraded || impl_->status.closed) return std::nullopt;
        impl_->arm_read();
        if (!impl_->run_until([&] { return !impl_->inbox.empty() || impl_->status.closed; }, deadline)) {
            impl_->note_close_frame();
            if (impl_->inbox.empty()) return std::nullopt;
        }
    }
}

std::optional<json_value> ws_client::receive(std::chrono::milliseconds timeout) {
    auto text = receive_text(timeout);
    if (!text) return std::nullopt;
    return json_value::parse(*text);
}

std::optional<json_value> ws_client::receive_type(std::string_view type, std::chrono::milliseconds timeout,
                                                  std::vector<json_value>* skipped) {
    auto deadline = clock_type::now() + timeout;
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
        if (left.count() <= 0) return std::nullopt;
        auto msg = receive(left);
        if (!msg) return std::nullopt;
        if (msg->str("/type") == type) return msg;
        if (skipped != nullptr) skipped->push_back(std::move(*msg));
    }
}

close_info ws_client::wait_closed(std::chrono::milliseconds timeout, std::vector<json_value>* received) {
    auto deadline = clock_type::now() + timeout;
    while (!impl_->status.closed || !impl_->inbox.empty()) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
        if (left.count() <= 0) break;
        auto text = receive_text(left);
        if (!text) continue;
        if (received != nullptr) received->push_back(json_value::parse(*text));
    }
    impl_->note_close_frame();
    return impl_->status;
}

close_info ws_client::close_status() const {
    return impl_->status;
}

bool ws_client::is_open() const {
    return impl_->upgraded && !impl_->status.closed;
}

void ws_client::close(int code, std::chrono::milliseconds timeout) {
    if (!is_open()) return;
    bool done = false;
    impl_->visit([&](auto& s) {
        s.async_close(websocket::close_reason(static_cast<std::uint16_t>(code)),
                      [&](beast::error_code) { done = true; });
    });
    auto deadline = clock_type::now() + timeout;
    impl_->run_until([&] { return done; }, deadline);
    // The pending read (if any) completes with `closed` once the server answers.
    impl_->run_until([&] { return !impl_->read_pending; }, deadline);
    if (!impl_->status.closed) {
        impl_->status.closed = true;
        impl_->status.code = code;
    }
    beast::error_code ignored;
    impl_->socket().close(ignored);
    impl_->run_until([&] { return done && !impl_->read_pending; },
                     clock_type::now() + std::chrono::milliseconds(200));
}

int ws_client::pings_received() const {
    return impl_->pings;
}

int ws_client::native_handle() {
    return impl_->socket().native_handle();
}

}  // namespace ordercast::test

#include "support/http_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <strings.h>
#include <optional>

namespace ordercast::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

std::string http_response::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (k.size() == name.size() && ::strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
    return {};
}

struct http_client::impl {
    http_options options;
    net::io_context ioc;
    net::ssl::context ssl_ctx{net::ssl::context::tls_client};
    std::optional<beast::tcp_stream> plain;
    std::optional<net::ssl::stream<beast::tcp_stream>> secure;
    beast::flat_buffer buffer;

    beast::tcp_stream& lowest() { return secure ? secure->next_layer() : *plain; }
    bool connected() { return (plain || secure) && lowest().socket().is_open(); }

    void disconnect() {
        if (!plain && !secure) return;
        beast::error_code ec;
        lowest().socket().close(ec);
        plain.reset();
        secure.reset();
        buffer.clear();
    }

    // Runs one async operation to completion (the tcp_stream's expiry bounds it).
    template <class Start>
    beast::error_code run(Start start) {
        beast::error_code result;
        bool done = false;
        start([&](beast::error_code ec, auto&&...) {
            result = ec;
            done = true;
        });
        ioc.restart();
        while (!done && ioc.run_one() > 0) {
        }
        return done ? result : beast::error_code(beast::error::timeout);
    }

    beast::error_code connect() {
        disconnect();
        tcp::endpoint endpoint(net::ip::make_address(options.host), options.port);
        if (options.tls) {
            secure.emplace(ioc, ssl_ctx);
            secure->set_verify_callback(net::ssl::host_name_verification(options.tls_server_name));
            SSL_set_tlsext_host_name(secure->native_handle(), options.tls_server_name.c_str());
        } else {
            plain.emplace(ioc);
        }
        lowest().expires_after(options.timeout);
        auto ec = run([&](auto h) { lowest().async_connect(endpoint, h); });
        if (!ec && secure)
            ec = run([&](auto h) { secure->async_handshake(net::ssl::stream_base::client, h); });
        if (ec) disconnect();
        return ec;
    }

    template <class Stream>
    beast::error_code exchange(Stream& s, http::request<http::string_body>& req,
                               http::response<http::string_body>& res) {
        auto ec = run([&](auto h) { http::async_write(s, req, h); });
        if (!ec) ec = run([&](auto h) { http::async_read(s, buffer, res, h); });
        return ec;
    }
};

http_client::http_client(http_options options) : impl_(std::make_unique<impl>()) {
    impl_->options = std::move(options);
    if (impl_->options.tls) {
        impl_->ssl_ctx.set_verify_mode(net::ssl::verify_peer);
        if (!impl_->options.ca_file.empty()) impl_->ssl_ctx.load_verify_file(impl_->options.ca_file);
    }
}

http_client::~http_client() {
    impl_->disconnect();
}

http_response http_client::request(std::string_view method, std::string_view target, std::string_view body,
                                   const std::vector<std::pair<std::string, std::string>>& headers) {
    http::request<http::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    req.set(http::field::host, impl_->options.host + ":" + std::to_string(impl_->options.port));
    req.set(http::field::user_agent, "ordercast-functional-tests");
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
        req.body() = std::string(body);
    req.prepare_payload();

    http_response out;
    // A reused keep-alive connection may have been closed by the server meanwhile; only
    // then is the request retried once on a fresh connection.
    for (int attempt = 0; attempt < 2; ++attempt) {
        bool reused = impl_->connected();
        if (!reused) {
            if (auto ec = impl_->connect()) {
                out.error = "connect: " + ec.message();
                return out;
            }
        }
        impl_->lowest().expires_after(impl_->options.timeout);
        http::response<http::string_body> res;
        beast::error_code ec = impl_->secure ? impl_->exchange(*impl_->secure, req, res)
                                             : impl_->exchange(*impl_->plain, req, res);
        if (ec) {
            impl_->disconnect();
            bool stale = reused && (ec == http::error::end_of_stream || ec == net::error::eof ||
                                    ec == net::error::connection_reset || ec == net::error::broken_pipe);
            if (stale) continue;
            out.error = ec.message();
            return out;
        }
        out.status = res.result_int();
        out.body = std::move(res.body());
        for (const auto& field : res)
            out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        if (!res.keep_alive()) impl_->disconnect();
        return out;
    }
    out.error = "the server closed the connection twice";
    return out;
}

http_response http_client::post_json(std::string_view target, std::string_view body,
                                     std::string_view bearer) {
    std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", "application/json"}};
    if (!bearer.empty()) headers.emplace_back("Authorization", "Bearer " + std::string(bearer));
    return request("POST", target, body, headers);
}

}  // namespace ordercast::test

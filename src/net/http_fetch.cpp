#include "net/http_fetch.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <charconv>
#include <optional>

namespace ordercast::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct parsed_url {
    bool tls = false;
    std::string host;
    std::string port;
    std::string target;
};

std::optional<parsed_url> parse_url(std::string_view url) {
    parsed_url out;
    if (url.starts_with("https://")) {
        out.tls = true;
        url.remove_prefix(8);
    } else if (url.starts_with("http://")) {
        url.remove_prefix(7);
    } else {
        return std::nullopt;
    }
    const auto slash = url.find('/');
    std::string_view authority = url.substr(0, slash);
    out.target = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
    std::string_view port = out.tls ? "443" : "80";
    if (authority.starts_with('[')) {  // [v6]:port
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        out.host = std::string(authority.substr(1, close - 1));
        authority.remove_prefix(close + 1);
        if (authority.starts_with(':'))
            port = authority.substr(1);
        else if (!authority.empty())
            return std::nullopt;
    } else {
        const auto colon = authority.find(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    }
    unsigned number = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (out.host.empty() || ec != std::errc{} || end != port.data() + port.size() || number == 0 ||
        number > 65535)
        return std::nullopt;
    out.port = std::string(port);
    return out;
}

}  // namespace

std::string http_get(std::string_view url_text, std::chrono::milliseconds timeout,
                     std::size_t max_body_bytes) {
    const auto url = parse_url(url_text);
    if (!url) throw fetch_error(fmt::format("'{}' is not an http:// or https:// URL", url_text));
    const std::string where = fmt::format("{}:{}", url->host, url->port);

    asio::io_context io;
    asio::ssl::context tls_context(asio::ssl::context::tls_client);
    beast::tcp_stream tcp_stream(io);
    std::optional<beast::ssl_stream<beast::tcp_stream&>> tls_stream;
    beast::error_code failure;
    std::string failed_at;
    const auto fail = [&](beast::error_code ec, const char* what) {
        if (!failure) {
            failure = ec;
            failed_at = what;
        }
    };

    http::request<http::empty_body> request{http::verb::get, url->target, 11};
    request.set(http::field::host, url->host);
    request.set(http::field::user_agent, "ordercast");
    request.set(http::field::accept, "application/json");
    request.set(http::field::connection, "close");
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(max_body_bytes);

    // The whole exchange shares one deadline: every operation is given what is left of it.
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const auto arm = [&] { tcp_stream.expires_at(deadline); };

    const auto read_answer = [&](auto& stream) {
        arm();
        http::async_write(stream, request, [&](beast::error_code ec, std::size_t) {
            if (ec) return fail(ec, "sending the request");
            arm();
            http::async_read(stream, buffer, parser, [&](beast::error_code ec2, std::size_t) {
                if (ec2) fail(ec2, "reading the answer");
            });
        });
    };

    tcp::resolver resolver(io);
    resolver.async_resolve(
        url->host, url->port, [&](beast::error_code ec, tcp::resolver::results_type found) {
            if (ec) return fail(ec, "resolving the host");
            arm();
            tcp_stream.async_connect(found, [&](beast::error_code ec2, const tcp::endpoint&) {
                if (ec2) return fail(ec2, "connecting");
                if (!url->tls) return read_answer(tcp_stream);
                tls_context.set_default_verify_paths();
                tls_context.set_verify_mode(asio::ssl::verify_peer);
                tls_stream.emplace(tcp_stream, tls_context);
                tls_stream->set_verify_callback(asio::ssl::host_name_verification(url->host));
                if (!SSL_set_tlsext_host_name(tls_stream->native_handle(), url->host.c_str()))
                    return fail(beast::error_code(static_cast<int>(::ERR_get_error()),
                                                  asio::error::get_ssl_category()),
                                "setting the TLS server name");
                arm();
                tls_stream->async_handshake(asio::ssl::stream_base::client, [&](beast::error_code ec3) {
                    if (ec3) return fail(ec3, "the TLS handshake");
                    read_answer(*tls_stream);
                });
            });
        });
    // The resolver has no deadline of its own: run() is bounded by the same time.
    io.run_for(timeout + std::chrono::milliseconds(100));
    if (!io.stopped()) {
        io.stop();
        throw fetch_error(fmt::format("no answer from {} within {} ms", where, timeout.count()));
    }
    if (failure) {
        if (failure == beast::error::timeout)
            throw fetch_error(
                fmt::format("no answer from {} within {} ms ({})", where, timeout.count(), failed_at));
        if (failure == http::error::body_limit)
            throw fetch_error(
                fmt::format("the answer from {} is larger than {} bytes", where, max_body_bytes));
        throw fetch_error(fmt::format("{}: {} failed: {}", where, failed_at, failure.message()));
    }
    auto answer = parser.release();
    if (answer.result_int() != 200)
        throw fetch_error(
            fmt::format("{} answered HTTP {} to GET {}", where, answer.result_int(), url->target));
    return std::move(answer.body());
}

}  // namespace ordercast::net

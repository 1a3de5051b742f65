#include "cli/http_client.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <strings.h>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "cli/tcp_connection.hpp"

namespace ordercast::cli {

server_url server_url::parse(std::string_view url) {
    constexpr std::string_view k_scheme = "http://";
    if (!url.starts_with(k_scheme))
        throw cli_error(
            fmt::format("--server '{}' must start with http:// (for example http://localhost:8000)", url));
    url.remove_prefix(k_scheme.size());
    server_url out;
    auto slash = url.find('/');
    std::string_view authority = url.substr(0, slash);
    if (slash != std::string_view::npos) {
        out.base_path = url.substr(slash);
        while (!out.base_path.empty() && out.base_path.back() == '/') out.base_path.pop_back();
    }
    auto colon = authority.rfind(':');
    if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
        std::string_view port = authority.substr(colon + 1);
        unsigned value = 0;
        auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535)
            throw cli_error(fmt::format("--server: '{}' is not a port number", port));
        out.port = static_cast<std::uint16_t>(value);
        authority = authority.substr(0, colon);
    }
    if (authority.empty()) throw cli_error("--server names no host (for example http://localhost:8000)");
    out.host = authority;
    return out;
}

std::string http_reply::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (k.size() == name.size() && ::strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
    return {};
}

http_client::http_client(server_url url, std::string token, std::chrono::milliseconds timeout)
    : url_(std::move(url)), token_(std::move(token)), timeout_(timeout) {}

http_client::~http_client() = default;

http_reply http_client::request(std::string_view method, std::string_view target, std::string_view body,
                                const std::vector<std::pair<std::string, std::string>>& headers) {
    namespace http = boost::beast::http;
    std::string text = fmt::format("{} {}{} HTTP/1.1\r\nHost: {}:{}\r\nUser-Agent: ordercast-cli\r\n", method,
                                   url_.base_path, target, url_.host, url_.port);
    if (!token_.empty()) text += fmt::format("Authorization: Bearer {}\r\n", token_);
    if (!body.empty()) text += "Content-Type: application/json\r\n";
    for (const auto& [k, v] : headers) text += fmt::format("{}: {}\r\n", k, v);
    text += fmt::format("Content-Length: {}\r\n\r\n", body.size());
    text += body;

    // A kept-alive connection the server closed meanwhile is retried once, fresh; only
    // then, so a request is never sent twice to a server that read it.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool reused = connection_ != nullptr;
        if (!reused) {
            connection_ = std::make_unique<tcp_connection>(url_.host, url_.port, timeout_);
            buffer_.clear();
        }
        const auto deadline = tcp_connection::clock::now() + timeout_;
        connection_->write_all(text, deadline);
        http::response_parser<http::string_body> parser;
        parser.eager(true);
        parser.body_limit(std::uint64_t{64} << 20);
        bool got_bytes = !buffer_.empty();
        for (;;) {
            boost::beast::error_code ec;
            if (!buffer_.empty()) {
                std::size_t used = parser.put(boost::asio::buffer(buffer_), ec);
                buffer_.erase(0, used);
                if (ec && ec != http::error::need_more)
                    throw cli_error(fmt::format("the server sent a malformed response: {}", ec.message()));
            }
            if (parser.is_done()) break;
            auto r = connection_->read_some(buffer_, deadline);
            if (r == tcp_connection::read_result::timeout)
                throw cli_error(
                    fmt::format("{} {} got no answer within {} ms", method, target, timeout_.count()));
            if (r == tcp_connection::read_result::eof) {
                if (!got_bytes) break;  // a stale keep-alive connection: retry below
                parser.put_eof(ec);
                if (ec || !parser.is_done()) throw cli_error("the server closed the connection mid-response");
                break;
            }
            got_bytes = true;
        }
        if (!parser.is_done()) {
            connection_.reset();
            if (reused) continue;
            throw cli_error(
                fmt::format("{} {}: the server closed the connection without answering", method, target));
        }
        auto res = parser.release();
        http_reply out;
        out.status = res.result_int();
        out.body = std::move(res.body());
        for (const auto& field : res)
            out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        if (!res.keep_alive()) connection_.reset();
        return out;
    }
    throw cli_error(fmt::format("http://{}:{} closed the connection twice; retry", url_.host, url_.port));
}

http_client client_for(const std::string& server, const std::string& token, const char* env_server,
                       const char* env_token) {
    std::string url = server;
    if (url.empty()) url = env_server != nullptr && *env_server ? env_server : "http://localhost:8000";
    std::string bearer = token;
    if (bearer.empty() && env_token != nullptr) bearer = env_token;
    if (bearer.empty())
        throw cli_error(
            "no token: pass --token or set ORDERCAST_TOKEN (`ordercast token --sub ID --role ROLE` mints "
            "one)");
    return http_client(server_url::parse(url), std::move(bearer));
}

std::string url_encode(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':' || c == '@')
            out.push_back(static_cast<char>(c));
        else
            fmt::format_to(std::back_inserter(out), "%{:02X}", c);
    }
    return out;
}

}  // namespace ordercast::cli

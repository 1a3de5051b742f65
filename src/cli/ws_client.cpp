#include "cli/ws_client.hpp"

#include <openssl/rand.h>

#include <strings.h>

#include <fmt/format.h>

#include "net/websocket/handshake.hpp"

namespace ordercast::cli {
namespace {

constexpr unsigned char k_text = 0x1, k_close = 0x8, k_ping = 0x9, k_pong = 0xA;
constexpr std::chrono::seconds k_io_timeout{10};

// The value of header `name` in a raw response head, or "" (case-insensitive names).
std::string header_value(std::string_view head, std::string_view name) {
    std::size_t pos = head.find("\r\n");
    while (pos != std::string_view::npos && pos + 2 < head.size()) {
        std::size_t start = pos + 2;
        std::size_t end = head.find("\r\n", start);
        std::string_view line =
            head.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        auto colon = line.find(':');
        if (colon == name.size() && ::strncasecmp(line.data(), name.data(), name.size()) == 0) {
            std::string_view v = line.substr(colon + 1);
            while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
            while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
            return std::string(v);
        }
        pos = end;
    }
    return {};
}

}  // namespace

ws_client::ws_client(const server_url& url, const std::string& token)
    : connection_(url.host, url.port, std::chrono::seconds(10)) {
    unsigned char nonce[16];
    RAND_bytes(nonce, sizeof nonce);
    static constexpr char k_b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string key;
    for (int i = 0; i < 15; i += 3) {
        unsigned v = (nonce[i] << 16) | (nonce[i + 1] << 8) | nonce[i + 2];
        for (int s = 18; s >= 0; s -= 6) key.push_back(k_b64[(v >> s) & 63]);
    }
    key.push_back(k_b64[nonce[15] >> 2]);
    key.push_back(k_b64[(nonce[15] & 3) << 4]);
    key += "==";

    const auto deadline = tcp_connection::clock::now() + k_io_timeout;
    connection_.write_all(
        fmt::format("GET {}/v1?token={} HTTP/1.1\r\nHost: {}:{}\r\nUpgrade: websocket\r\n"
                    "Connection: Upgrade\r\nSec-WebSocket-Key: {}\r\nSec-WebSocket-Version: 13\r\n"
                    "User-Agent: ordercast-cli\r\n\r\n",
                    url.base_path, url_encode(token), url.host, url.port, key),
        deadline);
    std::size_t head_end;
    while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
        if (connection_.read_some(buffer_, deadline) != tcp_connection::read_result::data)
            throw cli_error("the server did not answer the WebSocket upgrade");
        if (buffer_.size() > 65536) throw cli_error("the server's upgrade answer is too large");
    }
    std::string head = buffer_.substr(0, head_end + 2);
    buffer_.erase(0, head_end + 4);
    if (!head.starts_with("HTTP/1.1 101"))
        throw cli_error(
            fmt::format("the WebSocket upgrade was refused: {}", head.substr(0, head.find("\r\n"))));
    if (header_value(head, "Sec-WebSocket-Accept") != websocket::compute_accept_key(key))
        throw cli_error("the server answered the upgrade with a wrong Sec-WebSocket-Accept");
}

void ws_client::send_frame(unsigned char opcode, std::string_view payload) {
    std::string frame;
    frame.reserve(payload.size() + 14);
    frame.push_back(static_cast<char>(0x80 | opcode));
    if (payload.size() < 126) {
        frame.push_back(static_cast<char>(0x80 | payload.size()));
    } else if (payload.size() <= 0xFFFF) {
        frame.push_back(static_cast<char>(0x80 | 126));
        frame.push_back(static_cast<char>(payload.size() >> 8));
        frame.push_back(static_cast<char>(payload.size() & 0xFF));
    } else {
        frame.push_back(static_cast<char>(0x80 | 127));
        for (int s = 56; s >= 0; s -= 8) frame.push_back(static_cast<char>((payload.size() >> s) & 0xFF));
    }
    unsigned char mask[4];
    RAND_bytes(mask, sizeof mask);
    frame.append(reinterpret_cast<const char*>(mask), 4);
    for (std::size_t i = 0; i < payload.size(); ++i)
        frame.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
    connection_.write_all(frame, tcp_connection::clock::now() + k_io_timeout);
}

void ws_client::send_text(std::string_view text) {
    send_frame(k_text, text);
}

void ws_client::close() noexcept {
    try {
        send_frame(k_close, std::string_view("\x03\xe8", 2));
    } catch (const std::exception&) {
    }
}

std::optional<std::string> ws_client::read(std::optional<tcp_connection::clock::time_point> deadline) {
    for (;;) {
        // Parse every complete frame in the buffer (server frames are never masked).
        while (buffer_.size() >= 2) {
            const auto b0 = static_cast<unsigned char>(buffer_[0]);
            const auto b1 = static_cast<unsigned char>(buffer_[1]);
            std::size_t header = 2;
            std::uint64_t length = b1 & 0x7F;
            if (length == 126) {
                if (buffer_.size() < 4) break;
                length =
                    (static_cast<unsigned char>(buffer_[2]) << 8) | static_cast<unsigned char>(buffer_[3]);
                header = 4;
            } else if (length == 127) {
                if (buffer_.size() < 10) break;
                length = 0;
                for (int i = 2; i < 10; ++i)
                    length = (length << 8) | static_cast<unsigned char>(buffer_[static_cast<std::size_t>(i)]);
                header = 10;
            }
            if ((b1 & 0x80) != 0)
                throw cli_error("the server sent a masked frame; it is not an ordercast server");
            if (buffer_.size() < header + length) break;
            std::string payload = buffer_.substr(header, static_cast<std::size_t>(length));
            buffer_.erase(0, header + static_cast<std::size_t>(length));
            const unsigned char opcode = b0 & 0x0F;
            const bool fin = (b0 & 0x80) != 0;
            if (opcode == k_ping) {
                send_frame(k_pong, payload);
                continue;
            }
            if (opcode == k_pong) continue;
            if (opcode == k_close) {
                int code = payload.size() >= 2 ? (static_cast<unsigned char>(payload[0]) << 8) |
                                                     static_cast<unsigned char>(payload[1])
                                               : 0;
                throw cli_error(fmt::format("the server closed the connection ({}): {}", code,
                                            payload.size() > 2 ? payload.substr(2) : std::string()));
            }
            message_ += payload;  // text, binary or continuation
            if (fin) {
                std::string done = std::move(message_);
                message_.clear();
                return done;
            }
        }
        auto r = connection_.read_some(buffer_, deadline);
        if (r == tcp_connection::read_result::timeout) return std::nullopt;
        if (r == tcp_connection::read_result::eof) throw cli_error("the server ended the connection");
    }
}

}  // namespace ordercast::cli

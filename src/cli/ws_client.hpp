#pragma once
// A minimal RFC 6455 client for the command line's `watch`: the opening handshake (checked
// with the server's own accept-key code), masked text frames out, unmasked frames in, pings
// answered. Enough for /v1, whose server sends each message as one or more text frames.
// Blocking, one thread.
#include <chrono>
#include <optional>
#include <string>

#include "cli/http_client.hpp"
#include "cli/tcp_connection.hpp"

namespace ordercast::cli {

class ws_client {
public:
    // Connects and upgrades `url`/v1?token=... Throws cli_error (unreachable, refused upgrade).
    ws_client(const server_url& url, const std::string& token);

    // The next text message, or nullopt when `deadline` passed first. Throws cli_error
    // when the connection ends (with the server's close code and reason when it sent one).
    std::optional<std::string> read(std::optional<tcp_connection::clock::time_point> deadline);
    void send_text(std::string_view text);
    // Sends a close frame (1000) and stops; best effort.
    void close() noexcept;

private:
    void send_frame(unsigned char opcode, std::string_view payload);

    tcp_connection connection_;
    std::string buffer_;   // received bytes not yet parsed
    std::string message_;  // a fragmented message being assembled
};

}  // namespace ordercast::cli

#pragma once
// A small synchronous WebSocket client over Boost.Beast (ws:// and wss://) for tests.
//
// Every call has a deadline. Reading is lazy: bytes are taken from the socket only while
// receive*/wait_closed/send run, so a test that stops calling them is a reader that has
// stopped reading (the slow-consumer tests rely on this). A receive that times out leaves
// its read pending and the stream usable; the next call picks it up.
//
// Not thread-safe: one thread per client (different clients may live on different threads).
#include "support/json.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ordercast::test {

struct ws_options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    std::string target = "/v1";  // path and query
    std::vector<std::pair<std::string, std::string>> headers;
    // Sent as one `Sec-WebSocket-Protocol: a, b` header when not empty.
    std::vector<std::string> subprotocols;
    bool tls = false;
    std::string ca_file;                        // TLS: PEM certificate to trust (peer is verified)
    std::string tls_server_name = "localhost";  // TLS: SNI and the name the certificate must carry
    int receive_buffer_bytes = 0;               // > 0: SO_RCVBUF, set before connect
    bool auto_fragment = false;                 // false: each message goes out as one frame
    std::size_t write_buffer_bytes = 0;         // > 0 with auto_fragment: the fragment size
    std::chrono::milliseconds timeout{5000};    // connect + TLS + upgrade
};

// How a connection ended.
struct close_info {
    bool closed = false;  // the connection has ended (or a close frame has been received)
    int code = 0;         // the server's close code; 0 when it closed without a close frame
    std::string reason;
    std::string error;  // transport error text when there was no close frame
};

class ws_client {
public:
    // Connects and sends the upgrade request. Throws std::runtime_error when the server
    // cannot be reached or the connection fails before an HTTP response; a refused upgrade
    // (403, 401 …) returns a client whose upgraded() is false.
    static std::unique_ptr<ws_client> connect(const ws_options& options);
    ~ws_client();
    ws_client(const ws_client&) = delete;
    ws_client& operator=(const ws_client&) = delete;

    bool upgraded() const;
    unsigned http_status() const;  // 101 when upgraded
    // A header of the upgrade response ("" when absent); e.g. "Sec-WebSocket-Protocol".
    std::string response_header(std::string_view name) const;
    std::string response_body() const;

    // Sends one text message. False when the connection is closed or the write failed.
    bool send(std::string_view text, std::chrono::milliseconds timeout = std::chrono::seconds(5));

    // The next message, or nullopt on timeout or when the connection has ended.
    std::optional<std::string> receive_text(std::chrono::milliseconds timeout);
    // The next message parsed as JSON (exists() is false when it was not JSON).
    std::optional<json_value> receive(std::chrono::milliseconds timeout);
    // Receives until a message whose "type" is `type`; earlier messages are appended to
    // `skipped` when given. nullopt on timeout or close.
    std::optional<json_value> receive_type(std::string_view type, std::chrono::milliseconds timeout,
                                           std::vector<json_value>* skipped = nullptr);
    // Reads until the connection ends or `timeout` passes; every message read is appended
    // to `received` when given. Returns close_status() (closed is false on timeout).
    close_info wait_closed(std::chrono::milliseconds timeout, std::vector<json_value>* received = nullptr);

    close_info close_status() const;
    bool is_open() const;

    // Starts the closing handshake with `code` and waits (bounded) for it to finish.
    void close(int code = 1000, std::chrono::milliseconds timeout = std::chrono::seconds(2));

    // WebSocket pings received so far (answered automatically while reading).
    int pings_received() const;

    // The TCP socket, for setsockopt in slow-reader tests.
    int native_handle();

private:
    struct impl;
    explicit ws_client(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

}  // namespace ordercast::test

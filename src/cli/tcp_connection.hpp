#pragma once
// A blocking TCP connection with deadlines, for the command line's clients. Plain POSIX
// sockets rather than Asio: the command line makes one request at a time, and keeping
// Asio's templates out of it keeps the binary (and its sanitizer builds) small.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ordercast::cli {

class tcp_connection {
public:
    using clock = std::chrono::steady_clock;

    // Connects within `timeout`. Throws cli_error naming the address and what to do.
    tcp_connection(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout);
    ~tcp_connection();
    tcp_connection(const tcp_connection&) = delete;
    tcp_connection& operator=(const tcp_connection&) = delete;

    // Writes everything before `deadline`; throws cli_error otherwise.
    void write_all(std::string_view bytes, clock::time_point deadline);

    enum class read_result { data, eof, timeout };
    // Appends what arrives (at least one byte) to `buffer`; waits at most until `deadline`
    // (forever without one). Throws cli_error on a socket error.
    read_result read_some(std::string& buffer, std::optional<clock::time_point> deadline);

private:
    int fd_ = -1;
};

}  // namespace ordercast::cli

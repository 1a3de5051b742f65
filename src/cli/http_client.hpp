#pragma once
// The command line's HTTP/1.1 client for a running server: requests written by hand,
// responses parsed by Boost.Beast's HTTP parser, over a blocking tcp_connection (plain
// TCP). One request at a time; not thread-safe.
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ordercast::cli {

// A failure the user must fix (unreachable server, bad URL, refused request). The message
// says what to do; the command prints it and exits 1.
class cli_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct server_url {
    std::string host;
    std::uint16_t port = 8000;
    std::string base_path;  // without a trailing '/', may be empty

    // "http://host[:port][/base]". Throws cli_error for anything else (https is not
    // supported by the command line yet: put a TLS-terminating proxy's plain port or run
    // the command on the server host).
    static server_url parse(std::string_view url);
};

struct http_reply {
    unsigned status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    [[nodiscard]] std::string header(std::string_view name) const;  // case-insensitive; "" when absent
};

class http_client {
public:
    http_client(server_url url, std::string token,
                std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~http_client();
    http_client(const http_client&) = delete;
    http_client& operator=(const http_client&) = delete;

    // Sends `method target` (target relative to the base path) with the bearer token and a
    // JSON body when given. Throws cli_error when the server cannot be reached or does not
    // answer in time.
    http_reply request(std::string_view method, std::string_view target, std::string_view body = {},
                       const std::vector<std::pair<std::string, std::string>>& headers = {});

    const server_url& url() const { return url_; }
    const std::string& token() const { return token_; }

private:
    server_url url_;
    std::string token_;
    std::chrono::milliseconds timeout_;
    std::unique_ptr<class tcp_connection> connection_;  // kept alive between requests
    std::string buffer_;                                // bytes read past the last response
};

// The client of a command: --server (else $ORDERCAST_SERVER, else http://localhost:8000) and
// --token (else $ORDERCAST_TOKEN). Throws cli_error when there is no token or the URL is bad.
http_client client_for(const std::string& server, const std::string& token, const char* env_server,
                       const char* env_token);

// The help footer of every command group that talks to a server (`orders`, `queue`, `alerts`).
inline constexpr const char* k_group_options_footer =
    "--server, --token and --json may come before or after the subcommand.";

// Percent-encodes a query-string value.
std::string url_encode(std::string_view s);

}  // namespace ordercast::cli

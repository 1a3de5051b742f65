#pragma once
// A small synchronous HTTP/1.1 client over Boost.Beast (http:// and https://) for tests.
// Keeps one keep-alive connection and reconnects when the server has closed it.
// Not thread-safe: one client per thread.
#include "support/json.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ordercast::test {

struct http_response {
    unsigned status = 0;  // 0: no response (see error)
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string error;

    std::string header(std::string_view name) const;  // case-insensitive; "" when absent
    json_value json() const { return json_value::parse(body); }
};

struct http_options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    bool tls = false;
    std::string ca_file;
    std::string tls_server_name = "localhost";
    std::chrono::milliseconds timeout{5000};  // per request
};

class http_client {
public:
    explicit http_client(http_options options);
    ~http_client();
    http_client(const http_client&) = delete;
    http_client& operator=(const http_client&) = delete;

    // Never throws for network failures: they come back as status 0 with `error` set.
    http_response request(std::string_view method, std::string_view target, std::string_view body = {},
                          const std::vector<std::pair<std::string, std::string>>& headers = {});
    http_response get(std::string_view target) { return request("GET", target); }
    // POST with Content-Type application/json and, when `bearer` is not empty,
    // Authorization: Bearer <bearer>.
    http_response post_json(std::string_view target, std::string_view body, std::string_view bearer = {});

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace ordercast::test

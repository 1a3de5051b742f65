#pragma once
// The server's one outbound HTTP request: GET a small document (an issuer's JWKS) over http://
// or https:// (certificate and host name verified against the system's trust store), with a
// deadline on the whole exchange. Blocking: call it on a thread that may wait, never on an
// event-loop thread.
#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ordercast::net {

// Why a fetch failed, in a sentence naming the URL's host and the cause.
class fetch_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Returns the body of a 200 answer to `GET url`. Throws fetch_error for a URL that is not
// http(s)://host[:port][/path], a failure to resolve, connect or complete TLS, no complete
// answer within `timeout`, a status other than 200 (redirects are not followed: configure the
// final URL), or a body larger than `max_body_bytes`.
std::string http_get(std::string_view url, std::chrono::milliseconds timeout,
                     std::size_t max_body_bytes = 1 << 20);

}  // namespace ordercast::net

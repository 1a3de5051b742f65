#pragma once
// The WebSocket upgrade decision (RFC 6455 4.2): origin, version and key checks, where the
// token came from, and the 101 response. Pure functions over the parsed request.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordercast::net {

using http_request = boost::beast::http::request<boost::beast::http::string_body>;

// Where the client put its token, and what subprotocol to echo (empty: none).
struct token_source {
    std::string token;
    std::string accepted_protocol;
};

// Looks in ?token=, then Authorization: Bearer, then Sec-WebSocket-Protocol (the offered
// value shaped like a JWT). The echoed protocol is the first offered value that is not the
// token, or the token itself when it was offered alone.
token_source find_token(const http_request& req);

// Returns the value of `name` in the query string of `target`, percent-decoded.
std::optional<std::string> query_param(std::string_view target, std::string_view name);

// True when `origin` is allowed: no list configured, no Origin header, or an exact match.
bool origin_allowed(const std::vector<std::string>& allowed, std::string_view origin);

// "HTTP/1.1 101 Switching Protocols ..." for a valid client key.
std::string switching_protocols_response(std::string_view client_key, std::string_view protocol);

}  // namespace ordercast::net

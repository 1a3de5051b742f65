#pragma once
// Minimal HTTP/1.1 response parsing for the publisher's keep-alive connections and for the
// WebSocket upgrade answer. Pure functions over a byte buffer; the caller owns the buffer.
#include <cstddef>
#include <string_view>

namespace ordercast::bench {

struct http_response {
    int status = 0;
    std::string_view body;  // a view into the parsed buffer (de-chunked only when not chunked)
    bool chunked = false;   // body of a chunked response is not reassembled: only its size counts
};

inline constexpr std::size_t k_http_incomplete = 0;
inline constexpr std::size_t k_http_malformed = static_cast<std::size_t>(-1);

// Parses one complete response from the front of `data`. Returns the bytes it spans, or
// k_http_incomplete when more bytes are needed, or k_http_malformed when `data` does not
// start with a well-formed response (a Content-Length that is not a number, a status line
// that is not "HTTP/1.x NNN"). A response with neither Content-Length nor chunked encoding
// is taken as having an empty body (the answers this harness reads always declare one;
// 101 and 204 have none).
std::size_t parse_http_response(std::string_view data, http_response& out);

// Returns the size of the header block ending in "\r\n\r\n", or 0 when it is not complete.
std::size_t http_header_size(std::string_view data) noexcept;

}  // namespace ordercast::bench

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordercast::websocket {

// Pieces of the opening handshake (RFC 6455 4.2) that do not need the HTTP
// parser. Header values are passed as the HTTP layer gives them, with
// surrounding whitespace already trimmed.

// True when `key` (Sec-WebSocket-Key) is the canonical base64 encoding of 16
// bytes: 22 base64 characters, whose last carries only 2 bits, then "==".
// The server must refuse the upgrade (400) otherwise.
bool is_valid_client_key(std::string_view key) noexcept;

// The Sec-WebSocket-Accept value for a client key: base64(SHA-1(key + GUID)),
// 28 characters. Does not validate `key`; call is_valid_client_key first.
std::string compute_accept_key(std::string_view key);

// Splits one Sec-WebSocket-Protocol header value into its subprotocol tokens,
// in client order. Empty list elements (", ,") are skipped, as RFC 9110 5.6.1
// requires; returns nullopt when an element is not an HTTP token (RFC 9110
// 5.6.2), so the caller can refuse the upgrade. The views point into `value`.
// A client may send several such headers; call once per header.
std::optional<std::vector<std::string_view>> parse_protocol_list(std::string_view value);

}  // namespace ordercast::websocket

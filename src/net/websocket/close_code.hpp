#pragma once

#include <cstdint>

namespace ordercast::websocket {

// Status codes carried by a close frame (RFC 6455 7.4). The enumerators are the
// ones ordercast sends or must recognise; any 16-bit value can be held, since a
// peer may send application codes in 3000-4999.
enum class close_code : std::uint16_t {
    normal = 1000,
    going_away = 1001,
    protocol_error = 1002,
    unsupported_data = 1003,
    // Never on the wire: reported when a close frame had no payload.
    no_status = 1005,
    // Never on the wire: the connection dropped without a close frame.
    abnormal = 1006,
    invalid_payload = 1007,
    policy_violation = 1008,
    message_too_big = 1009,
    mandatory_extension = 1010,
    internal_error = 1011,
    try_again_later = 1013,
};

// True when a peer may put `code` in a close frame it sends: 1000-1003,
// 1007-1011 and 3000-4999. Everything else (0-999, 1004-1006, 1012-2999, 5000+)
// is a protocol error when received.
constexpr bool is_valid_received_close_code(std::uint16_t code) noexcept {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
}

}  // namespace ordercast::websocket

#pragma once

#include <cstddef>
#include <cstdint>

namespace ordercast::websocket {

// Frame opcodes of RFC 6455 5.2. Values 3-7 and 11-15 are reserved; the parser
// rejects them before they can be stored in this type.
enum class opcode : std::uint8_t {
    continuation = 0x0,
    text = 0x1,
    binary = 0x2,
    close = 0x8,
    ping = 0x9,
    pong = 0xA,
};

// RFC 6455 5.5: a control frame carries at most 125 payload bytes.
inline constexpr std::size_t k_max_control_payload = 125;

// RFC 6455 5.5.1: a close payload is a 2-byte code and a UTF-8 reason.
inline constexpr std::size_t k_max_close_reason = k_max_control_payload - 2;

constexpr bool is_control(opcode op) noexcept {
    return (static_cast<std::uint8_t>(op) & 0x8) != 0;
}

}  // namespace ordercast::websocket

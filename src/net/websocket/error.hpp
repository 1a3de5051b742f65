#pragma once

#include "net/websocket/close_code.hpp"

#include <cstdint>
#include <string_view>
#include <system_error>

namespace ordercast::websocket {

// Everything a client can get wrong at the framing layer. Each value maps to
// the close code the server must send (close_code_for) and to a close reason
// (close_reason_for) that tells the client's developer what to fix.
enum class error : std::uint8_t {
    // 1002 protocol error
    unmasked_frame = 1,
    reserved_bits_set,
    reserved_opcode,
    control_frame_too_big,
    fragmented_control_frame,
    unexpected_continuation,
    expected_continuation,
    bad_length_encoding,
    close_payload_too_short,
    invalid_close_code,
    // 1007 invalid frame payload data
    invalid_utf8_text,
    invalid_utf8_close_reason,
    // 1009 message too big
    message_too_big,
};

const std::error_category& websocket_category() noexcept;

std::error_code make_error_code(error e) noexcept;

// The close code to send when failing the connection because of `e`.
close_code close_code_for(error e) noexcept;

// A reason for the close frame: states the code's meaning and what the client
// must do instead. At most k_max_close_reason bytes of ASCII, so it can be sent
// as is; the view refers to static storage.
std::string_view close_reason_for(error e) noexcept;

}  // namespace ordercast::websocket

template <>
struct std::is_error_code_enum<ordercast::websocket::error> : std::true_type {};

#pragma once

#include "net/websocket/close_code.hpp"
#include "net/websocket/opcode.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace ordercast::websocket {

// Encoders for frames a server sends (RFC 6455 5.2): never masked, no RSV
// bits. Pure functions; safe from any thread.

// A server frame header is 2, 4 or 10 bytes.
inline constexpr std::size_t k_max_server_header_size = 10;

struct frame_header {
    std::array<std::byte, k_max_server_header_size> bytes;
    std::uint8_t size;

    std::span<const std::byte> view() const noexcept { return {bytes.data(), size}; }
};

// The header of a frame carrying `payload_size` bytes, for writing the header
// and a payload that lives elsewhere as two buffers of one writev. `fin` false
// starts or continues a fragmented message.
frame_header encode_header(opcode op, std::uint64_t payload_size, bool fin = true) noexcept;

// Appends a whole frame (header then payload) to `out`: render an event once,
// then share the bytes with every subscriber.
void append_frame(std::string& out, opcode op, std::string_view payload, bool fin = true);

// A whole text frame. `text` must be valid UTF-8; not checked (the dialects
// produce it from JSON encoders).
std::string make_text_frame(std::string_view text);

std::string make_binary_frame(std::span<const std::byte> data);

// A control frame kept inline (no allocation), e.g. to answer a ping from the
// read path.
struct control_frame {
    std::array<std::byte, 2 + k_max_control_payload> bytes;
    std::uint8_t size;

    std::span<const std::byte> view() const noexcept { return {bytes.data(), size}; }
    std::string_view as_string_view() const noexcept {
        return {reinterpret_cast<const char*>(bytes.data()), size};
    }
};

// A close frame with `code` and `reason`. A reason over 123 bytes is cut at
// the last whole UTF-8 character that fits. close_code::no_status yields an
// empty close frame (the answer to a close that carried no code); the reason
// is then ignored.
control_frame make_close_frame(close_code code, std::string_view reason = {}) noexcept;

// Ping and pong. Throws std::length_error if `payload` exceeds 125 bytes; a
// pong answering a parsed ping never does.
control_frame make_ping_frame(std::span<const std::byte> payload = {});
control_frame make_pong_frame(std::span<const std::byte> payload = {});

}  // namespace ordercast::websocket

#include "net/websocket/frame_writer.hpp"

#include "net/websocket/detail/header_bits.hpp"

#include <cstring>
#include <stdexcept>

namespace ordercast::websocket {
namespace {

using detail::k_fin_bit;
using detail::k_length_16;
using detail::k_length_64;

control_frame make_control_frame(opcode op, std::span<const std::byte> payload) {
    if (payload.size() > k_max_control_payload)
        throw std::length_error("websocket control frame payload exceeds 125 bytes");
    control_frame frame;
    frame.bytes[0] = std::byte{static_cast<std::uint8_t>(k_fin_bit | static_cast<std::uint8_t>(op))};
    frame.bytes[1] = std::byte{static_cast<std::uint8_t>(payload.size())};
    if (!payload.empty()) std::memcpy(frame.bytes.data() + 2, payload.data(), payload.size());
    frame.size = static_cast<std::uint8_t>(2 + payload.size());
    return frame;
}

// Length of the longest prefix of `text` of at most `limit` bytes that does
// not end inside a UTF-8 sequence (assuming `text` is UTF-8).
std::size_t utf8_prefix(std::string_view text, std::size_t limit) noexcept {
    if (text.size() <= limit) return text.size();
    std::size_t n = limit;
    // Back off continuation bytes (10xxxxxx) so the cut lands before a lead byte.
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    return n;
}

}  // namespace

frame_header encode_header(opcode op, std::uint64_t payload_size, bool fin) noexcept {
    frame_header header;
    header.bytes[0] =
        std::byte{static_cast<std::uint8_t>((fin ? k_fin_bit : 0) | static_cast<std::uint8_t>(op))};
    if (payload_size < k_length_16) {
        header.bytes[1] = std::byte{static_cast<std::uint8_t>(payload_size)};
        header.size = 2;
    } else if (payload_size <= 0xFFFF) {
        header.bytes[1] = std::byte{k_length_16};
        header.bytes[2] = std::byte{static_cast<std::uint8_t>(payload_size >> 8)};
        header.bytes[3] = std::byte{static_cast<std::uint8_t>(payload_size)};
        header.size = 4;
    } else {
        header.bytes[1] = std::byte{k_length_64};
        for (int i = 0; i < 8; ++i)
            header.bytes[2 + i] = std::byte{static_cast<std::uint8_t>(payload_size >> (56 - 8 * i))};
        header.size = 10;
    }
    return header;
}

void append_frame(std::string& out, opcode op, std::string_view payload, bool fin) {
    const frame_header header = encode_header(op, payload.size(), fin);
    out.reserve(out.size() + header.size + payload.size());
    out.append(reinterpret_cast<const char*>(header.bytes.data()), header.size);
    out.append(payload);
}

std::string make_text_frame(std::string_view text) {
    std::string frame;
    append_frame(frame, opcode::text, text);
    return frame;
}

std::string make_binary_frame(std::span<const std::byte> data) {
    std::string frame;
    append_frame(frame, opcode::binary, {reinterpret_cast<const char*>(data.data()), data.size()});
    return frame;
}

control_frame make_close_frame(close_code code, std::string_view reason) noexcept {
    if (code == close_code::no_status) return make_control_frame(opcode::close, {});
    std::array<std::byte, k_max_control_payload> payload;
    const auto value = static_cast<std::uint16_t>(code);
    payload[0] = std::byte{static_cast<std::uint8_t>(value >> 8)};
    payload[1] = std::byte{static_cast<std::uint8_t>(value)};
    const std::size_t reason_size = utf8_prefix(reason, k_max_close_reason);
    if (reason_size != 0) std::memcpy(payload.data() + 2, reason.data(), reason_size);
    // Cannot throw: the payload is at most 125 bytes by construction.
    return make_control_frame(opcode::close, {payload.data(), 2 + reason_size});
}

control_frame make_ping_frame(std::span<const std::byte> payload) {
    return make_control_frame(opcode::ping, payload);
}

control_frame make_pong_frame(std::span<const std::byte> payload) {
    return make_control_frame(opcode::pong, payload);
}

}  // namespace ordercast::websocket

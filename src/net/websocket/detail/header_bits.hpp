#pragma once

#include <cstdint>

// The bits of the first two bytes of an RFC 6455 frame header, which the parser reads and the
// writer sets: one definition, so that the two cannot disagree.
namespace ordercast::websocket::detail {

// First byte: FIN, the three reserved bits, the opcode.
inline constexpr std::uint8_t k_fin_bit = 0x80;
inline constexpr std::uint8_t k_rsv_bits = 0x70;
inline constexpr std::uint8_t k_opcode_bits = 0x0F;

// Second byte: MASK and the 7-bit payload length, whose values 126 and 127 announce a 16-bit
// and a 64-bit extended length.
inline constexpr std::uint8_t k_mask_bit = 0x80;
inline constexpr std::uint8_t k_length_bits = 0x7F;
inline constexpr std::uint8_t k_length_16 = 126;
inline constexpr std::uint8_t k_length_64 = 127;

}  // namespace ordercast::websocket::detail

#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace ordercast::websocket::detail {

// A client masking key, stored so that key[0] applies to the next payload byte.
using mask_key = std::array<std::byte, 4>;

// XORs `data` with the repeating key, in place, eight bytes per step.
// `key[0]` applies to data[0].
inline void apply_mask(std::span<std::byte> data, const mask_key& key) noexcept {
    std::uint32_t k32;
    std::memcpy(&k32, key.data(), sizeof k32);
    // Two copies of the key in memory order, so byte i of the word meets key[i % 4].
    const std::uint64_t k64 = (static_cast<std::uint64_t>(k32) << 32) | k32;
    std::byte* p = data.data();
    std::size_t n = data.size();
    while (n >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, sizeof word);
        word ^= k64;
        std::memcpy(p, &word, sizeof word);
        p += 8;
        n -= 8;
    }
    for (std::size_t i = 0; i < n; ++i) p[i] ^= key[i % 4];
}

// Advances the key past `consumed` payload bytes, so that after a partial
// payload the next byte is again unmasked with key[0].
inline void advance_mask(mask_key& key, std::size_t consumed) noexcept {
    const std::size_t shift = consumed % 4;
    if (shift == 0) return;
    const mask_key old = key;
    for (std::size_t i = 0; i < 4; ++i) key[i] = old[(i + shift) % 4];
}

}  // namespace ordercast::websocket::detail

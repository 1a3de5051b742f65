#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace ordercast::websocket {

// Incremental UTF-8 validator (Unicode 15, table 3-7 "Well-Formed UTF-8 Byte
// Sequences"). Bytes may arrive in any number of chunks, split anywhere, and
// the verdict is the same as for the concatenation. Rejects overlong forms,
// UTF-16 surrogates (U+D800-DFFF), code points above U+10FFFF and the bytes
// C0, C1, F5-FF. Noncharacters such as U+FFFE are well-formed and accepted.
//
// A rejection is reported at the first byte that cannot continue any valid
// sequence, which is what lets the websocket parser fail a text message before
// its remaining fragments arrive. The state is one byte.
class utf8_validator {
public:
    // Validates the next chunk. Returns false once the bytes seen so far can no
    // longer be the prefix of valid UTF-8; after that every call returns false
    // until reset().
    bool feed(std::span<const std::byte> bytes) noexcept;
    bool feed(std::string_view text) noexcept;

    // True when everything fed so far is valid and ends on a code point
    // boundary, i.e. the text may end here.
    bool complete() const noexcept { return state_ == k_accept; }

    // True once feed() has returned false.
    bool failed() const noexcept { return state_ == k_reject; }

    void reset() noexcept { state_ = k_accept; }

private:
    static constexpr std::uint8_t k_accept = 0;
    static constexpr std::uint8_t k_reject = 1;

    std::uint8_t state_ = k_accept;
};

// One-shot check of a complete text.
bool is_valid_utf8(std::span<const std::byte> bytes) noexcept;
bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace ordercast::websocket

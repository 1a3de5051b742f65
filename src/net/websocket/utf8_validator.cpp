#include "net/websocket/utf8_validator.hpp"

#include <array>
#include <cstring>

namespace ordercast::websocket {
namespace {

// Byte classes: bytes that behave the same in every state share a class.
enum byte_class : std::uint8_t {
    c_ascii,      // 00-7F
    c_cont_low,   // 80-8F
    c_cont_mid,   // 90-9F
    c_cont_high,  // A0-BF
    c_invalid,    // C0-C1, F5-FF: never appear in UTF-8
    c_lead2,      // C2-DF
    c_lead3_e0,   // E0: second byte A0-BF (no overlongs)
    c_lead3,      // E1-EC, EE-EF
    c_lead3_ed,   // ED: second byte 80-9F (no surrogates)
    c_lead4_f0,   // F0: second byte 90-BF (no overlongs)
    c_lead4,      // F1-F3
    c_lead4_f4,   // F4: second byte 80-8F (nothing above U+10FFFF)
    c_count
};

// States: how many continuation bytes are still owed, and which range the next
// one must fall in. 0 and 1 are utf8_validator's k_accept and k_reject.
enum state : std::uint8_t {
    s_accept,
    s_reject,
    s_need1,     // one byte 80-BF
    s_need2,     // two bytes 80-BF
    s_need3,     // three bytes 80-BF
    s_after_e0,  // A0-BF, then one more
    s_after_ed,  // 80-9F, then one more
    s_after_f0,  // 90-BF, then two more
    s_after_f4,  // 80-8F, then two more
    s_count
};

constexpr byte_class classify(unsigned b) {
    if (b <= 0x7F) return c_ascii;
    if (b <= 0x8F) return c_cont_low;
    if (b <= 0x9F) return c_cont_mid;
    if (b <= 0xBF) return c_cont_high;
    if (b <= 0xC1) return c_invalid;
    if (b <= 0xDF) return c_lead2;
    if (b == 0xE0) return c_lead3_e0;
    if (b == 0xED) return c_lead3_ed;
    if (b <= 0xEF) return c_lead3;
    if (b == 0xF0) return c_lead4_f0;
    if (b <= 0xF3) return c_lead4;
    if (b == 0xF4) return c_lead4_f4;
    return c_invalid;
}

constexpr std::array<std::uint8_t, 256> make_classes() {
    std::array<std::uint8_t, 256> table{};
    for (unsigned b = 0; b < 256; ++b) table[b] = classify(b);
    return table;
}

constexpr state step(state from, byte_class c) {
    const bool cont = c == c_cont_low || c == c_cont_mid || c == c_cont_high;
    switch (from) {
        case s_accept:
            switch (c) {
                case c_ascii:
                    return s_accept;
                case c_lead2:
                    return s_need1;
                case c_lead3_e0:
                    return s_after_e0;
                case c_lead3:
                    return s_need2;
                case c_lead3_ed:
                    return s_after_ed;
                case c_lead4_f0:
                    return s_after_f0;
                case c_lead4:
                    return s_need3;
                case c_lead4_f4:
                    return s_after_f4;
                default:
                    return s_reject;
            }
        case s_need1:
            return cont ? s_accept : s_reject;
        case s_need2:
            return cont ? s_need1 : s_reject;
        case s_need3:
            return cont ? s_need2 : s_reject;
        case s_after_e0:
            return c == c_cont_high ? s_need1 : s_reject;
        case s_after_ed:
            return (c == c_cont_low || c == c_cont_mid) ? s_need1 : s_reject;
        case s_after_f0:
            return (c == c_cont_mid || c == c_cont_high) ? s_need2 : s_reject;
        case s_after_f4:
            return c == c_cont_low ? s_need2 : s_reject;
        default:
            return s_reject;
    }
}

constexpr std::array<std::array<std::uint8_t, c_count>, s_count> make_transitions() {
    std::array<std::array<std::uint8_t, c_count>, s_count> table{};
    for (unsigned s = 0; s < s_count; ++s)
        for (unsigned c = 0; c < c_count; ++c)
            table[s][c] = step(static_cast<state>(s), static_cast<byte_class>(c));
    return table;
}

constexpr auto k_classes = make_classes();
constexpr auto k_transitions = make_transitions();

// The class stores these two states under its own names.
static_assert(s_accept == 0 && s_reject == 1);

constexpr std::uint64_t k_high_bits = 0x8080808080808080ULL;

}  // namespace

bool utf8_validator::feed(std::span<const std::byte> bytes) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* end = p + bytes.size();
    std::uint8_t s = state_;
    while (p != end) {
        // Most protocol text is ASCII: skip it eight bytes at a time while no
        // sequence is open.
        if (s == s_accept) {
            while (end - p >= 8) {
                std::uint64_t word;
                std::memcpy(&word, p, sizeof word);
                if ((word & k_high_bits) != 0) break;
                p += 8;
            }
            if (p == end) break;
        }
        s = k_transitions[s][k_classes[*p++]];
        if (s == s_reject) break;
    }
    state_ = s;
    return s != s_reject;
}

bool utf8_validator::feed(std::string_view text) noexcept {
    return feed(std::as_bytes(std::span(text.data(), text.size())));
}

bool is_valid_utf8(std::span<const std::byte> bytes) noexcept {
    utf8_validator v;
    return v.feed(bytes) && v.complete();
}

bool is_valid_utf8(std::string_view text) noexcept {
    utf8_validator v;
    return v.feed(text) && v.complete();
}

}  // namespace ordercast::websocket

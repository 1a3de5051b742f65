#include "core/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/clock.hpp"

namespace ordercast::core {

namespace {

// True when any of the 8 bytes in `w` is a control character (< 0x20), '"' or '\\': the
// bytes JSON must escape. Word-at-a-time ("SWAR") tests, exact for existence: bytes >= 0x80
// (UTF-8) never match. Most strings in events (types, channel names, ids) have none, so
// they are checked 8 bytes per step and copied in one append.
constexpr bool any_byte_needs_escape(std::uint64_t w) {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    constexpr std::uint64_t highs = 0x8080808080808080ull;
    const std::uint64_t control = (w - ones * 0x20) & ~w & highs;
    const std::uint64_t q = w ^ (ones * '"');
    const std::uint64_t quote = (q - ones) & ~q & highs;
    const std::uint64_t b = w ^ (ones * '\\');
    const std::uint64_t backslash = (b - ones) & ~b & highs;
    return (control | quote | backslash) != 0;
}

void append_escape(std::string& out, unsigned char c) {
    static constexpr char k_hex[] = "0123456789abcdef";
    switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default: {
            char esc[6] = {'\\', 'u', '0', '0', k_hex[c >> 4], k_hex[c & 0xF]};
            out.append(esc, 6);
        }
    }
}

bool needs_escape(unsigned char c) {
    return c < 0x20 || c == '"' || c == '\\';
}

// Where the first byte JSON must escape is in `s`, or s.size(). A string of 8 bytes or more
// ends with a test of its last 8 (overlapping the word before): no tail loop.
std::size_t first_byte_to_escape(std::string_view s) {
    const char* const p = s.data();
    const std::size_t n = s.size();
    std::size_t i = 0;
    if (n >= 8) {
        std::uint64_t word;
        for (; i + 8 <= n; i += 8) {
            std::memcpy(&word, p + i, 8);
            if (any_byte_needs_escape(word)) break;
        }
        if (i + 8 > n) {  // every full word was clean: the last 8 bytes decide
            std::memcpy(&word, p + n - 8, 8);
            if (!any_byte_needs_escape(word)) return n;
            i = n - 8;
        }
    }
    while (i < n && !needs_escape(static_cast<unsigned char>(p[i]))) ++i;
    return i;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
    std::size_t i = first_byte_to_escape(s);
    if (out.capacity() - out.size() < s.size() + 2) out.reserve(out.size() + s.size() + 2);
    out.push_back('"');
    out.append(s.data(), i);
    while (i < s.size()) {  // rare: escape that byte, then copy what follows up to the next one
        append_escape(out, static_cast<unsigned char>(s[i++]));
        const std::size_t next = i + first_byte_to_escape(s.substr(i));
        out.append(s.data() + i, next - i);
        i = next;
    }
    out.push_back('"');
}

bool is_plain_key(std::string_view k) {
    return first_byte_to_escape(k) == k.size();
}

json_writer& json_writer::number(std::int64_t v) {
    separate();
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
    return *this;
}

json_writer& json_writer::unsigned_number(std::uint64_t v) {
    separate();
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
    return *this;
}

json_writer& json_writer::floating(double v) {
    separate();
    if (!std::isfinite(v)) {
        out_.append("null");  // JSON has no NaN or infinity
        return *this;
    }
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
    return *this;
}

json_writer& json_writer::timestamp(std::int64_t unix_ms) {
    separate();
    out_.push_back('"');
    append_iso8601(out_, unix_ms);
    out_.push_back('"');
    return *this;
}

}  // namespace ordercast::core

#include "core/json_member_text.hpp"

#include <cstddef>
#include <cstring>

namespace ordercast::core {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void skip_space(std::string_view s, std::size_t& i) {
    while (i < s.size() && is_space(s[i])) ++i;
}

// `i` is at an opening quote; leaves it after the closing one. The closing quote is the first
// one not escaped, i.e. not after an odd run of backslashes; memchr finds candidates.
void skip_string(std::string_view s, std::size_t& i) {
    const std::size_t first = i + 1;
    for (std::size_t from = first;;) {
        const void* quote = std::memchr(s.data() + from, '"', s.size() - from);
        if (quote == nullptr) {
            i = s.size();
            return;
        }
        const auto at = static_cast<std::size_t>(static_cast<const char*>(quote) - s.data());
        std::size_t backslashes = 0;
        while (at - backslashes > first && s[at - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) {
            i = at + 1;
            return;
        }
        from = at + 1;
    }
}

// `i` is at the first byte of a value; leaves it after the value's last byte.
void skip_value(std::string_view s, std::size_t& i) {
    if (s[i] == '"') {
        skip_string(s, i);
        return;
    }
    if (s[i] == '{' || s[i] == '[') {
        std::size_t depth = 0;
        while (i < s.size()) {
            const char c = s[i];
            if (c == '"') {
                skip_string(s, i);
                continue;
            }
            ++i;
            if (c == '{' || c == '[')
                ++depth;
            else if ((c == '}' || c == ']') && --depth == 0)
                return;
        }
        return;
    }
    // A number or a literal ends at the structure or space that follows it.
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !is_space(s[i])) ++i;
}

}  // namespace

std::optional<std::string_view> find_member_text(std::string_view s, std::string_view name) {
    std::size_t i = 0;
    skip_space(s, i);
    if (i >= s.size() || s[i] != '{') return std::nullopt;
    ++i;
    for (;;) {
        skip_space(s, i);
        if (i >= s.size() || s[i] != '"') return std::nullopt;  // '}' (no more members), or not an object
        const std::size_t key_start = i + 1;
        skip_string(s, i);
        const std::string_view key = s.substr(key_start, i - 1 - key_start);
        // A key written with escapes might spell `name`: only a decoder could tell.
        if (key.find('\\') != std::string_view::npos) return std::nullopt;
        skip_space(s, i);
        if (i >= s.size() || s[i] != ':') return std::nullopt;
        ++i;
        skip_space(s, i);
        if (i >= s.size()) return std::nullopt;
        const std::size_t value_start = i;
        skip_value(s, i);
        if (key == name) return s.substr(value_start, i - value_start);
        skip_space(s, i);
        if (i >= s.size() || s[i] != ',') return std::nullopt;
        ++i;
    }
}

}  // namespace ordercast::core

#pragma once
// The opaque cursor of a paged list (orders, jobs): "<created_at_ms in hex>_<id>" of the last
// row of a page, read back into a filter's keyset position (after_created_at_ms, after_id).
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace ordercast::domain {

inline std::string encode_cursor(std::int64_t created_at_ms, std::string_view id) {
    return fmt::format("{:x}_{}", created_at_ms, id);
}

// False (and `f` untouched) when `cursor` is not one encode_cursor made.
template <class Filter>
bool decode_cursor(std::string_view cursor, Filter& f) {
    const auto sep = cursor.find('_');
    if (sep == std::string_view::npos || sep == 0 || sep + 1 >= cursor.size()) return false;
    std::int64_t ms = 0;
    auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + sep, ms, 16);
    if (ec != std::errc{} || end != cursor.data() + sep) return false;
    f.after_created_at_ms = ms;
    f.after_id = cursor.substr(sep + 1);
    return true;
}

}  // namespace ordercast::domain

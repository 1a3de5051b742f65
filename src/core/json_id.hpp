#pragma once
// Ids as the seeds' clients print them. ordercast keeps every id as text, but the systems
// behind the shop app and the scheduler number their rows (`"order_id": 7`, `"schedule_id":
// 123`) and their clients compare with what they sent; so where a dialect or an alias speaks
// for such a system, an id that is a decimal integer is written as a JSON number.
#include <cstdint>
#include <string_view>

#include "core/json_writer.hpp"

namespace ordercast::core {

// True for "0" and for decimal digits without a leading zero, up to 2^53 - 1 (the largest
// integer a JavaScript client reads exactly); "007", "-1", "1e3" and "" are not.
[[nodiscard]] constexpr bool is_decimal_id(std::string_view id) noexcept {
    constexpr std::uint64_t k_max_safe = (std::uint64_t{1} << 53) - 1;
    if (id.empty() || id.size() > 16 || (id.size() > 1 && id[0] == '0')) return false;
    std::uint64_t n = 0;
    for (char c : id) {
        if (c < '0' || c > '9') return false;
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return n <= k_max_safe;
}

// Writes `id` as a JSON number when is_decimal_id(id), else as a string.
inline json_writer& write_id(json_writer& w, std::string_view id) {
    return is_decimal_id(id) ? w.raw(id) : w.string(id);
}

}  // namespace ordercast::core

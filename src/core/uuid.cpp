#include "core/uuid.hpp"

#include <cstdint>
#include <mutex>

#include <fmt/format.h>

#include "core/clock.hpp"
#include "core/random.hpp"

namespace ordercast::core {

std::string new_id() {
    // RFC 9562 §6.2 method 1: the 12 bits after the version are a counter within the
    // millisecond; when it runs out, the timestamp steps ahead (ids stay unique and ordered).
    static std::mutex mu;
    static std::uint64_t last_ms = 0;
    static std::uint32_t counter = 0;
    std::uint64_t ms;
    std::uint32_t seq;
    {
        std::lock_guard lock(mu);
        ms = static_cast<std::uint64_t>(unix_ms());
        if (ms <= last_ms) {
            ms = last_ms;
            if (++counter > 0xFFF) {
                ++ms;
                counter = 0;
            }
        } else {
            counter = 0;
        }
        last_ms = ms;
        seq = counter;
    }
    std::string r = random_hex(8);                                            // 62 random bits are used
    const char variant = "89ab"[std::stoi(r.substr(0, 1), nullptr, 16) & 3];  // RFC 9562 variant
    return fmt::format("{:08x}-{:04x}-7{:03x}-{}{}-{}{}", static_cast<std::uint32_t>(ms >> 16),
                       static_cast<std::uint32_t>(ms & 0xFFFF), seq, variant, r.substr(1, 3), r.substr(4, 4),
                       random_hex(4));
}

}  // namespace ordercast::core

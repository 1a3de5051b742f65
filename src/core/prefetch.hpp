#pragma once
// Asks the CPU to start loading memory that is about to be used, so that the wait for it
// overlaps other work (hub::drain and worker::flush_dirty fetch the next deliveries' lines).
// A hint only: it never faults, whatever the address.
#include <cstddef>

namespace ordercast::core {

inline constexpr std::size_t k_cache_line_bytes = 64;

// Every cache line of [start, start + bytes).
inline void prefetch_lines(const void* start, std::size_t bytes) noexcept {
    const char* p = static_cast<const char*>(start);
    for (std::size_t offset = 0; offset < bytes; offset += k_cache_line_bytes) __builtin_prefetch(p + offset);
}

}  // namespace ordercast::core

#pragma once
// Wall-clock and monotonic time helpers. No I/O.
#include <chrono>
#include <cstdint>
#include <string>

namespace ordercast::core {

// Unix time in milliseconds (wall clock; for timestamps shown to users).
std::int64_t unix_ms() noexcept;
// Unix time in seconds (JWT exp/nbf comparisons).
inline std::int64_t unix_seconds() noexcept { return unix_ms() / 1000; }
// Monotonic nanoseconds (latency measurement; never goes backwards).
inline std::int64_t mono_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Monotonic milliseconds (timeouts; immune to wall-clock steps).
inline std::int64_t mono_ms() noexcept { return mono_ns() / 1000000; }

// Appends "2024-01-15T10:30:00.123Z" (ISO 8601 UTC, milliseconds) to out.
void append_iso8601(std::string& out, std::int64_t unix_ms);
std::string iso8601(std::int64_t unix_ms);

}  // namespace ordercast::core

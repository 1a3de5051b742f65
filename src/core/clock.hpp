#pragma once
// Wall-clock and monotonic time helpers, and the clock the domain reads. No I/O.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace ordercast::core {

// Unix time in milliseconds (wall clock; for timestamps shown to users).
std::int64_t unix_ms() noexcept;
// Unix time in seconds (JWT exp/nbf comparisons).
inline std::int64_t unix_seconds() noexcept {
    return unix_ms() / 1000;
}
// Monotonic nanoseconds (latency measurement; never goes backwards).
inline std::int64_t mono_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Monotonic milliseconds (timeouts; immune to wall-clock steps).
inline std::int64_t mono_ms() noexcept {
    return mono_ns() / 1000000;
}

// The wall clock as a dependency: what the services stamp on orders, jobs, operations and
// alerts, how long queued jobs have waited, when idempotency keys expire. The server runs on
// system_clock(); tests move a manual_clock instead of sleeping. Any thread.
class clock {
public:
    virtual ~clock() = default;
    // Unix time in milliseconds.
    [[nodiscard]] virtual std::int64_t now_ms() const noexcept = 0;
};

// The system's wall clock (unix_ms()). One for the process; it has no state.
const clock& system_clock() noexcept;

// A clock that stands still until told to move, for tests. It may be set backwards (as the
// system clock may be stepped); callers that need order must not assume it never is.
class manual_clock final : public clock {
public:
    explicit manual_clock(std::int64_t start_ms) noexcept : now_(start_ms) {}
    std::int64_t now_ms() const noexcept override { return now_.load(std::memory_order_relaxed); }
    void advance(std::int64_t ms) noexcept { now_.fetch_add(ms, std::memory_order_relaxed); }
    void set(std::int64_t ms) noexcept { now_.store(ms, std::memory_order_relaxed); }

private:
    std::atomic<std::int64_t> now_;
};

// Appends "2024-01-15T10:30:00.123Z" (ISO 8601 UTC, milliseconds) to out.
void append_iso8601(std::string& out, std::int64_t unix_ms);
std::string iso8601(std::int64_t unix_ms);

}  // namespace ordercast::core

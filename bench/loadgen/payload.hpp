#pragma once
// The benchmark message. Every publish carries the publisher's CLOCK_MONOTONIC time in
// `data.ts` (nanoseconds); subscribers find it again in whatever envelope the server wraps
// around `data`, so one parser serves ordercast and every peer.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ordercast::bench {

// The event type every publish uses.
inline constexpr std::string_view k_event_type = "bench";

// Appends {"channel":C,"type":"bench","data":{"ts":T,"pad":P}} to `out`. `channel` and
// `pad` must need no JSON escaping (the harness makes them from [A-Za-z0-9:_.-]).
void append_publish_body(std::string& out, std::string_view channel, std::uint64_t ts_ns,
                         std::string_view pad);

// Finds `"ts":<digits>` in a received message. std::nullopt when the message carries none
// (a control message such as subscription_confirmed).
std::optional<std::uint64_t> find_timestamp(std::string_view message) noexcept;

// Monotonic nanoseconds; the clock publishers stamp with and subscribers compare against.
std::uint64_t mono_ns() noexcept;

}  // namespace ordercast::bench

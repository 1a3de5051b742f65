#pragma once
// One process-wide counter for the identity of a set of verification keys: a fixed verifier's
// key and every key set fetched from a JWKS endpoint get their own number, so a memory of
// verified tokens can tell which keys accepted a token, and forget it when they are replaced.
#include <atomic>
#include <cstdint>

namespace ordercast::auth::detail {

inline std::uint64_t next_key_generation() noexcept {
    static std::atomic<std::uint64_t> counter{0};
    return counter.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace ordercast::auth::detail

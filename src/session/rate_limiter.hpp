#pragma once
// A token bucket for one connection's inbound messages: `burst` tokens, refilled at
// `per_minute` a minute, one taken per message. The limits are passed on each call (they
// belong to the connection's dialect), so the limiter holds only its state (24 bytes).
//
// Threading: one connection's worker thread.
#include <cstdint>

namespace ordercast::session {

class rate_limiter {
public:
    // Starts full.
    explicit rate_limiter(int burst) noexcept : tokens_(burst) {}

    // Starts the refill clock (at connect).
    void start(std::int64_t now_ms) noexcept { refilled_ms_ = now_ms; }
    // Refills for the time since the last call and takes one token. False when the bucket
    // was empty: the message must be refused (nothing taken).
    bool take(std::int64_t now_ms, int per_minute, int burst) noexcept;
    // Whole seconds (at least 1) until a token is back, for a refused message.
    int retry_after_s(int per_minute) const noexcept;
    // Counts one refused message; returns how many so far (the session closes after
    // limits.rate_limit_strikes).
    int strike() noexcept { return ++strikes_; }

private:
    double tokens_;
    std::int64_t refilled_ms_ = 0;
    int strikes_ = 0;
};

}  // namespace ordercast::session

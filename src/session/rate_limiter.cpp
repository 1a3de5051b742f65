#include "session/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace ordercast::session {

bool rate_limiter::take(std::int64_t now_ms, int per_minute, int burst) noexcept {
    const double per_ms = per_minute / 60000.0;
    tokens_ = std::min<double>(burst, tokens_ + static_cast<double>(now_ms - refilled_ms_) * per_ms);
    refilled_ms_ = now_ms;
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
}

int rate_limiter::retry_after_s(int per_minute) const noexcept {
    const double per_second = per_minute / 60.0;
    return std::max(1, static_cast<int>(std::ceil((1.0 - tokens_) / per_second)));
}

}  // namespace ordercast::session

// The token bucket on its own: the burst, the refill, the retry hint and the strikes.
#include "session/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace ordercast::session {
namespace {

TEST(rate_limiter, the_burst_passes_then_the_next_message_is_refused) {
    rate_limiter r(3);
    r.start(0);
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(r.take(0, 60, 3)) << i;
    EXPECT_FALSE(r.take(0, 60, 3));
}

TEST(rate_limiter, tokens_come_back_at_the_per_minute_rate_up_to_the_burst) {
    rate_limiter r(2);
    r.start(0);
    EXPECT_TRUE(r.take(0, 60, 2));
    EXPECT_TRUE(r.take(0, 60, 2));
    EXPECT_FALSE(r.take(500, 60, 2)) << "half a token after 500 ms at one a second";
    EXPECT_TRUE(r.take(1000, 60, 2));
    EXPECT_TRUE(r.take(60'000, 60, 2));
    EXPECT_TRUE(r.take(60'000, 60, 2));
    EXPECT_FALSE(r.take(60'000, 60, 2)) << "a long pause refills the burst, no more";
}

TEST(rate_limiter, the_retry_hint_is_the_whole_seconds_until_a_token_is_back) {
    rate_limiter r(1);
    r.start(0);
    EXPECT_TRUE(r.take(0, 6, 1));
    EXPECT_FALSE(r.take(0, 6, 1));
    EXPECT_EQ(r.retry_after_s(6), 10) << "one token every 10 s";
    EXPECT_EQ(r.retry_after_s(6000), 1) << "never less than a second";
}

TEST(rate_limiter, strikes_count_up) {
    rate_limiter r(1);
    EXPECT_EQ(r.strike(), 1);
    EXPECT_EQ(r.strike(), 2);
}

}  // namespace
}  // namespace ordercast::session

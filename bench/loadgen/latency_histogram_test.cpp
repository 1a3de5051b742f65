#include "bench/loadgen/latency_histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace ordercast::bench {
namespace {

TEST(latency_histogram, empty_histogram_reports_zero) {
    latency_histogram h;
    EXPECT_EQ(h.count(), 0u);
    EXPECT_EQ(h.percentile(99), 0u);
    EXPECT_EQ(h.min(), 0u);
}

TEST(latency_histogram, values_below_128_ns_are_exact) {
    latency_histogram h;
    for (std::uint64_t v = 0; v < 100; ++v) h.record(v);
    EXPECT_EQ(h.percentile(50), 49u);
    EXPECT_EQ(h.percentile(100), 99u);
    EXPECT_EQ(h.min(), 0u);
}

TEST(latency_histogram, percentiles_are_within_one_64th_of_the_exact_order_statistic) {
    std::mt19937_64 rng(42);
    std::lognormal_distribution<double> dist(std::log(80'000.0), 1.2);  // ~80 us median, long tail
    std::vector<std::uint64_t> values;
    latency_histogram h;
    for (int i = 0; i < 200'000; ++i) {
        auto v = static_cast<std::uint64_t>(dist(rng));
        values.push_back(v);
        h.record(v);
    }
    std::sort(values.begin(), values.end());
    for (double p : {50.0, 90.0, 99.0, 99.9}) {
        auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * values.size())) - 1;
        const double exact = static_cast<double>(values[rank]);
        const double got = static_cast<double>(h.percentile(p));
        EXPECT_GE(got, exact) << p;  // reported as the bucket's highest value
        EXPECT_LE(got, exact * (1.0 + 1.0 / 64)) << p;
    }
    EXPECT_EQ(h.percentile(100), values.back());
    EXPECT_EQ(h.max(), values.back());
}

TEST(latency_histogram, every_bucket_bound_maps_back_to_its_bucket) {
    for (std::size_t b = 0; b + 1 < latency_histogram::k_buckets; ++b) {
        ASSERT_EQ(latency_histogram::bucket_of(latency_histogram::bucket_high(b)), b);
        ASSERT_EQ(latency_histogram::bucket_of(latency_histogram::bucket_high(b) + 1), b + 1);
    }
}

TEST(latency_histogram, huge_values_land_in_the_last_bucket_and_keep_the_exact_max) {
    latency_histogram h;
    h.record(~std::uint64_t{0} / 2);
    EXPECT_EQ(latency_histogram::bucket_of(~std::uint64_t{0} / 2), latency_histogram::k_buckets - 1);
    EXPECT_EQ(h.max(), ~std::uint64_t{0} / 2);
}

TEST(latency_histogram, merge_equals_recording_both_sets) {
    latency_histogram a, b, both;
    for (std::uint64_t v = 1; v < 5000; v += 7) {
        a.record(v * 13);
        both.record(v * 13);
    }
    for (std::uint64_t v = 1; v < 900; v += 3) {
        b.record(v * 1000);
        both.record(v * 1000);
    }
    a.merge(b);
    EXPECT_EQ(a.count(), both.count());
    for (double p : {1.0, 50.0, 99.0, 100.0}) EXPECT_EQ(a.percentile(p), both.percentile(p)) << p;
    EXPECT_DOUBLE_EQ(a.mean(), both.mean());
}

}  // namespace
}  // namespace ordercast::bench

#include "bench/loadgen/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace ordercast::bench {

namespace {
constexpr std::uint64_t k_half = latency_histogram::k_linear / 2;
}

std::size_t latency_histogram::bucket_of(std::uint64_t ns) noexcept {
    if (ns < k_linear) return static_cast<std::size_t>(ns);
    const int msb = std::bit_width(ns) - 1;  // >= k_sub_bits + 1
    int shift = msb - k_sub_bits;            // >= 1
    if (shift > k_max_shift) return k_buckets - 1;
    const std::uint64_t sub = ns >> shift;  // in [k_half, k_linear)
    return static_cast<std::size_t>(k_linear + (shift - 1) * k_half + (sub - k_half));
}

std::uint64_t latency_histogram::bucket_high(std::size_t bucket) noexcept {
    if (bucket < k_linear) return bucket;
    const std::size_t rel = bucket - k_linear;
    const int shift = static_cast<int>(rel / k_half) + 1;
    const std::uint64_t sub = rel % k_half + k_half;
    return ((sub + 1) << shift) - 1;
}

void latency_histogram::record(std::uint64_t ns) noexcept {
    ++buckets_[bucket_of(ns)];
    ++count_;
    sum_ += ns;
    min_ = std::min(min_, ns);
    max_ = std::max(max_, ns);
}

void latency_histogram::merge(const latency_histogram& other) noexcept {
    for (std::size_t i = 0; i < k_buckets; ++i) buckets_[i] += other.buckets_[i];
    count_ += other.count_;
    sum_ += other.sum_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
}

std::uint64_t latency_histogram::percentile(double percent) const noexcept {
    if (count_ == 0) return 0;
    const double clamped = std::clamp(percent, 0.0, 100.0);
    auto rank = static_cast<std::uint64_t>(std::ceil(clamped / 100.0 * static_cast<double>(count_)));
    rank = std::clamp<std::uint64_t>(rank, 1, count_);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < k_buckets; ++i) {
        seen += buckets_[i];
        if (seen >= rank) return std::min(bucket_high(i), max_);
    }
    return max_;
}

}  // namespace ordercast::bench

#pragma once
// Log-linear latency histogram over nanoseconds: exact below 128 ns, then 64 buckets per
// power of two (relative error under 1/64), up to about 18 minutes. Fixed size, no
// allocation after construction, so recording a delivery costs a few instructions.
#include <array>
#include <cstdint>

namespace ordercast::bench {

class latency_histogram {
public:
    static constexpr int k_sub_bits = 6;                         // 64 buckets per octave
    static constexpr std::uint64_t k_linear = 2u << k_sub_bits;  // values below are exact
    static constexpr int k_max_shift = 34;                       // largest value ~2^41 ns
    static constexpr std::size_t k_buckets = k_linear + k_max_shift * (k_linear / 2);

    void record(std::uint64_t ns) noexcept;
    void merge(const latency_histogram& other) noexcept;
    void reset() noexcept { *this = latency_histogram(); }

    std::uint64_t count() const noexcept { return count_; }
    std::uint64_t min() const noexcept { return count_ == 0 ? 0 : min_; }
    std::uint64_t max() const noexcept { return max_; }
    double mean() const noexcept { return count_ == 0 ? 0.0 : static_cast<double>(sum_) / count_; }

    // The value at or below which `percent` (0-100] of the recordings fall, as the highest
    // value of its bucket (never above max()). 0 when nothing was recorded.
    std::uint64_t percentile(double percent) const noexcept;

    static std::size_t bucket_of(std::uint64_t ns) noexcept;
    static std::uint64_t bucket_high(std::size_t bucket) noexcept;

private:
    std::array<std::uint64_t, k_buckets> buckets_{};
    std::uint64_t count_ = 0;
    std::uint64_t sum_ = 0;
    std::uint64_t min_ = ~std::uint64_t{0};
    std::uint64_t max_ = 0;
};

}  // namespace ordercast::bench

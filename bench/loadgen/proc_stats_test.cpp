#include "bench/loadgen/proc_stats.hpp"

#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <memory>

namespace ordercast::bench {
namespace {

TEST(proc_stats, process_stat_fields_are_counted_from_the_last_parenthesis) {
    // A command name with spaces and a ')' must not shift utime (14) and stime (15).
    const char* stat =
        "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 1234 0 5 0 777 333 0 0 20 0 3 0 99 "
        "123456789 2048 18446744073709551615";
    auto cpu = parse_process_stat(stat);
    ASSERT_TRUE(cpu);
    EXPECT_EQ(cpu->utime_ticks, 777u);
    EXPECT_EQ(cpu->stime_ticks, 333u);
    EXPECT_FALSE(parse_process_stat("4242 (truncated) S 1 2"));
}

TEST(proc_stats, vm_rss_is_read_in_kilobytes) {
    EXPECT_EQ(
        parse_vm_rss_kb("Name:\tordercast\nVmPeak:\t  9000 kB\nVmRSS:\t    7488 kB\nRssAnon:\t 100 kB\n"),
        7488u);
    EXPECT_FALSE(parse_vm_rss_kb("Name:\tkthreadd\nState:\tS\n"));
}

TEST(proc_stats, machine_line_gives_busy_steal_and_total_ticks) {
    auto m = parse_machine_stat("cpu  100 1 20 500 3 2 7 11 0 0\ncpu0 50 0 10 250 1 0 3 6 0 0\n");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->busy_ticks, 100u + 1 + 20 + 2 + 7);  // idle, iowait and steal are not busy
    EXPECT_EQ(m->steal_ticks, 11u);
    EXPECT_EQ(m->total_ticks, 100u + 1 + 20 + 500 + 3 + 2 + 7 + 11);
    EXPECT_FALSE(parse_machine_stat("intr 1 2 3\n"));
}

TEST(proc_stats, own_cpu_time_grows_while_this_process_computes) {
    auto before = read_process_cpu(::getpid());
    ASSERT_TRUE(before);
    const auto start = std::chrono::steady_clock::now();
    volatile std::uint64_t sink = 0;
    std::optional<process_cpu> after;
    // Spin until at least one tick is charged to us; two seconds is far more than needed.
    while (std::chrono::steady_clock::now() - start < std::chrono::seconds(2)) {
        for (int i = 0; i < 1'000'000; ++i) sink = sink + i;
        after = read_process_cpu(::getpid());
        if (after && after->utime_ticks + after->stime_ticks > before->utime_ticks + before->stime_ticks)
            break;
    }
    ASSERT_TRUE(after);
    EXPECT_GT(after->utime_ticks + after->stime_ticks, before->utime_ticks + before->stime_ticks);
    EXPECT_GT(seconds_per_tick(), 0.0);
}

TEST(proc_stats, own_rss_grows_by_the_memory_this_process_touches) {
    auto before = read_vm_rss_kb(::getpid());
    ASSERT_TRUE(before);
    constexpr std::size_t k_bytes = 64 << 20;
    auto block = std::make_unique<char[]>(k_bytes);
    std::memset(block.get(), 1, k_bytes);
    auto after = read_vm_rss_kb(::getpid());
    ASSERT_TRUE(after);
    EXPECT_GE(*after, *before + (k_bytes >> 10) * 9 / 10);
    EXPECT_EQ(block[k_bytes - 1], 1);
    EXPECT_FALSE(read_vm_rss_kb(0));  // no such process
}

}  // namespace
}  // namespace ordercast::bench

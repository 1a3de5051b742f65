#pragma once
// Readings from /proc: a process's CPU time and resident memory, and the machine's
// hypervisor steal time. The parse_* functions are pure (tested on captured text); the
// read_* functions read the live files and return std::nullopt when the process is gone or
// the file cannot be read.
#include <sys/types.h>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ordercast::bench {

struct process_cpu {
    std::uint64_t utime_ticks = 0;  // user space, in clock ticks (sysconf(_SC_CLK_TCK))
    std::uint64_t stime_ticks = 0;  // kernel on behalf of the process
};

struct machine_cpu {
    std::uint64_t total_ticks = 0;  // every field of the aggregate "cpu" line of /proc/stat
    // user + nice + system + irq + softirq. A process's utime+stime (scaled to its exact run
    // time) include interrupt work done while it ran, so "other processes" = busy - ours.
    std::uint64_t busy_ticks = 0;
    std::uint64_t steal_ticks = 0;  // time a virtual CPU waited for the hypervisor
};

// Parses the text of /proc/<pid>/stat. The command name may contain spaces and ')', so
// fields are counted from the last ')'.
std::optional<process_cpu> parse_process_stat(std::string_view text);
// Parses VmRSS (kB) from the text of /proc/<pid>/status.
std::optional<std::uint64_t> parse_vm_rss_kb(std::string_view text);
// Parses the aggregate "cpu " line of /proc/stat.
std::optional<machine_cpu> parse_machine_stat(std::string_view text);

std::optional<process_cpu> read_process_cpu(pid_t pid);
std::optional<std::uint64_t> read_vm_rss_kb(pid_t pid);
std::optional<machine_cpu> read_machine_cpu();

// Seconds per clock tick of the fields above.
double seconds_per_tick() noexcept;

}  // namespace ordercast::bench

#include "bench/loadgen/proc_stats.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <string>

namespace ordercast::bench {

namespace {

// Reads a whole small /proc file. /proc files report size 0, so read until EOF.
std::optional<std::string> slurp(const char* path) {
    int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::string text;
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            ::close(fd);
            return std::nullopt;
        }
        if (n == 0) break;
        text.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return text;
}

// Splits off the next whitespace-separated unsigned number; false when there is none.
bool next_number(std::string_view& s, std::uint64_t& value) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{}) return false;
    s.remove_prefix(static_cast<std::size_t>(end - s.data()));
    return true;
}

bool skip_field(std::string_view& s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    if (s.empty()) return false;
    std::size_t end = s.find(' ');
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
    return true;
}

}  // namespace

std::optional<process_cpu> parse_process_stat(std::string_view text) {
    std::size_t paren = text.rfind(')');
    if (paren == std::string_view::npos) return std::nullopt;
    std::string_view rest = text.substr(paren + 1);
    // After ')' come field 3 (state) ... ; utime and stime are fields 14 and 15.
    for (int field = 3; field <= 13; ++field)
        if (!skip_field(rest)) return std::nullopt;
    process_cpu cpu;
    if (!next_number(rest, cpu.utime_ticks) || !next_number(rest, cpu.stime_ticks)) return std::nullopt;
    return cpu;
}

std::optional<std::uint64_t> parse_vm_rss_kb(std::string_view text) {
    std::size_t at = text.find("\nVmRSS:");
    if (at == std::string_view::npos) return std::nullopt;
    std::string_view rest = text.substr(at + 7);
    std::uint64_t kb = 0;
    if (!next_number(rest, kb)) return std::nullopt;
    return kb;
}

std::optional<machine_cpu> parse_machine_stat(std::string_view text) {
    if (text.substr(0, 4) != "cpu ") return std::nullopt;
    std::string_view line = text.substr(4, text.find('\n') - 4);
    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already
    // counted in user, so it is left out of the total.
    machine_cpu m;
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) {
        if (!next_number(line, v)) return std::nullopt;
        m.total_ticks += v;
        if (i <= 2 || i == 5 || i == 6) m.busy_ticks += v;
        if (i == 7) m.steal_ticks = v;
    }
    return m;
}

std::optional<process_cpu> read_process_cpu(pid_t pid) {
    std::string path = "/proc/" + std::to_string(pid) + "/stat";
    auto text = slurp(path.c_str());
    if (!text) return std::nullopt;
    return parse_process_stat(*text);
}

std::optional<std::uint64_t> read_vm_rss_kb(pid_t pid) {
    std::string path = "/proc/" + std::to_string(pid) + "/status";
    auto text = slurp(path.c_str());
    if (!text) return std::nullopt;
    return parse_vm_rss_kb(*text);
}

std::optional<machine_cpu> read_machine_cpu() {
    auto text = slurp("/proc/stat");
    if (!text) return std::nullopt;
    return parse_machine_stat(*text);
}

double seconds_per_tick() noexcept {
    static const double value = 1.0 / static_cast<double>(::sysconf(_SC_CLK_TCK));
    return value;
}

}  // namespace ordercast::bench

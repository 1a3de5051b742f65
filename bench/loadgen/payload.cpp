#include "bench/loadgen/payload.hpp"

#include <fmt/format.h>
#include <time.h>

#include <charconv>
#include <iterator>

namespace ordercast::bench {

void append_publish_body(std::string& out, std::string_view channel, std::uint64_t ts_ns,
                         std::string_view pad) {
    fmt::format_to(std::back_inserter(out), R"({{"channel":"{}","type":"{}","data":{{"ts":{},"pad":"{}"}}}})",
                   channel, k_event_type, ts_ns, pad);
}

std::optional<std::uint64_t> find_timestamp(std::string_view message) noexcept {
    constexpr std::string_view key = "\"ts\":";
    std::size_t at = message.find(key);
    if (at == std::string_view::npos) return std::nullopt;
    const char* first = message.data() + at + key.size();
    const char* last = message.data() + message.size();
    while (first != last && *first == ' ') ++first;
    std::uint64_t ts = 0;
    auto [end, ec] = std::from_chars(first, last, ts);
    if (ec != std::errc{} || end == first) return std::nullopt;
    return ts;
}

std::uint64_t mono_ns() noexcept {
    timespec t{};
    ::clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<std::uint64_t>(t.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(t.tv_nsec);
}

}  // namespace ordercast::bench

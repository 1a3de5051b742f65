#include "core/clock.hpp"

#include <ctime>

namespace ordercast::core {

std::int64_t unix_ms() noexcept {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

namespace {

class system_wall_clock final : public clock {
public:
    std::int64_t now_ms() const noexcept override { return unix_ms(); }
};

}  // namespace

const clock& system_clock() noexcept {
    static const system_wall_clock c;
    return c;
}

void append_iso8601(std::string& out, std::int64_t ms) {
    // Formatting the date is the costly part; cache the last second per thread, since events
    // published in a burst share it.
    thread_local std::int64_t cached_second = -1;
    thread_local char cached[20];  // "YYYY-MM-DDTHH:MM:SS"
    std::int64_t second = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    if (second != cached_second) {
        std::time_t t = static_cast<std::time_t>(second);
        std::tm tm{};
        gmtime_r(&t, &tm);
        std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
        cached_second = second;
    }
    out.append(cached, 19);
    int millis = static_cast<int>(ms - second * 1000);
    char tail[6] = {'.', char('0' + millis / 100), char('0' + millis / 10 % 10), char('0' + millis % 10), 'Z',
                    0};
    out.append(tail, 5);
}

std::string iso8601(std::int64_t ms) {
    std::string s;
    s.reserve(24);
    append_iso8601(s, ms);
    return s;
}

}  // namespace ordercast::core

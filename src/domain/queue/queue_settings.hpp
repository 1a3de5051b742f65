#pragma once
// The queue's configuration (the `queue.*` keys), parsed and checked once at start-up.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/config.hpp"

namespace ordercast::domain::queue {

struct queue_settings {
    double aging_per_ms = 0;  // priority levels gained per millisecond waited
    std::map<std::string, double, std::less<>> tier_bonuses;
    int transient_retry_limit = 3;
    std::int64_t retry_backoff_ms = 5000;
    std::vector<std::string> transient_errors;
    std::string submit_on_order_status;
    std::string order_status_on_complete;
    std::filesystem::path spool_dir;  // empty: off
    int update_interval_ms = 250;
    int max_page_size = 500;

    // Throws core::config_error naming the key when a value cannot be used.
    static queue_settings from(const core::config& cfg);

    // The delay before automatic retry number `retry` (1, 2, ...): backoff * 2^(retry-1),
    // capped at one day.
    [[nodiscard]] std::int64_t backoff_ms(int retry) const noexcept;
    [[nodiscard]] bool is_transient(std::string_view error_code) const noexcept;
    [[nodiscard]] double tier_bonus(std::string_view tier) const noexcept;
};

}  // namespace ordercast::domain::queue

#include "domain/queue/queue_settings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include <fmt/format.h>

namespace ordercast::domain::queue {
namespace {

std::optional<double> parse_decimal(std::string_view text) {
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

}  // namespace

queue_settings queue_settings::from(const queue_config& q, const orders_config& orders,
                                    const std::string& data_dir) {
    queue_settings s;
    auto credit = parse_decimal(q.aging_credit_per_minute);
    if (!credit || *credit < 0 || *credit > 1000)
        throw core::config_error(
            fmt::format("queue.aging_credit_per_minute: '{}' is not a decimal between 0 and 1000 (e.g. 0.05)",
                        q.aging_credit_per_minute));
    s.aging_per_ms = *credit / 60000.0;
    for (const auto& item : q.tier_bonuses) {
        auto colon = item.rfind(':');
        auto bonus = colon == std::string::npos ? std::nullopt
                                                : parse_decimal(std::string_view(item).substr(colon + 1));
        if (colon == 0 || !bonus || *bonus < 0 || *bonus > 100)
            throw core::config_error(fmt::format(
                "queue.tier_bonuses: '{}' must be tier:levels with levels between 0 and 100, e.g. vip:1",
                item));
        s.tier_bonuses[item.substr(0, colon)] = *bonus;
    }
    s.transient_retry_limit = q.transient_retry_limit;
    s.retry_backoff_ms = q.retry_backoff_ms;
    s.transient_errors = q.transient_errors;
    s.submit_on_order_status = q.submit_on_order_status;
    s.order_status_on_complete = q.order_status_on_complete;
    const auto& statuses = orders.statuses;
    for (const auto* key : {&s.submit_on_order_status, &s.order_status_on_complete}) {
        if (!key->empty() && std::find(statuses.begin(), statuses.end(), *key) == statuses.end())
            throw core::config_error(fmt::format(
                "queue.{}: '{}' is not one of orders.statuses ({})",
                key == &s.submit_on_order_status ? "submit_on_order_status" : "order_status_on_complete",
                *key, fmt::join(statuses, ", ")));
    }
    if (!q.spool_dir.empty()) {
        std::filesystem::path dir(q.spool_dir);
        s.spool_dir = dir.is_absolute() ? dir : std::filesystem::path(data_dir) / dir;
    }
    s.update_interval_ms = q.update_interval_ms;
    s.max_page_size = q.max_page_size;
    return s;
}

std::int64_t queue_settings::backoff_ms(int retry) const noexcept {
    constexpr std::int64_t k_day_ms = 86400000;
    std::int64_t d = retry_backoff_ms;
    for (int i = 1; i < retry && d < k_day_ms; ++i) d *= 2;
    return std::min(d, k_day_ms);
}

bool queue_settings::is_transient(std::string_view error_code) const noexcept {
    return !error_code.empty() &&
           std::find(transient_errors.begin(), transient_errors.end(), error_code) != transient_errors.end();
}

double queue_settings::tier_bonus(std::string_view tier) const noexcept {
    auto it = tier_bonuses.find(tier);
    return it == tier_bonuses.end() ? 0.0 : it->second;
}

}  // namespace ordercast::domain::queue

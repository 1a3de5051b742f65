#pragma once
// The `queue` section of the configuration (docs/queue.md): as written (queue_config, its
// defaults and keys), and parsed and checked once at start-up (queue_settings).
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/config_schema.hpp"
#include "domain/order_settings.hpp"

namespace ordercast::domain::queue {

struct queue_config {
    std::string aging_credit_per_minute = "0.05";  // priority levels a waiting job gains per minute
    std::vector<std::string> tier_bonuses = {"vip:1", "gold:0.5"};  // "tier:levels"
    int transient_retry_limit = 3;
    int retry_backoff_ms = 5000;  // doubled for each automatic retry
    std::vector<std::string> transient_errors = {"CUTTER_OFFLINE", "CUTTER_BUSY", "MEDIA_JAM", "TIMEOUT"};
    std::string submit_on_order_status;    // "" : no automatic submission
    std::string order_status_on_complete;  // "" : completing a job leaves its order alone
    std::string spool_dir;                 // "" : no spool folder; relative paths are under server.data_dir
    int update_interval_ms = 250;
    int max_page_size = 500;
};

inline constexpr core::setting k_queue_keys[] = {
    core::key<&queue_config::aging_credit_per_minute>(
        "aging_credit_per_minute",
        "Priority levels a waiting job gains per minute (a decimal; 0: no aging). Score = priority - aging - "
        "tier bonus; lowest first."),
    core::key<&queue_config::tier_bonuses>(
        "tier_bonuses", "Customer tiers and the priority levels they subtract, each \"tier:levels\"."),
    core::key<&queue_config::transient_retry_limit>(
        "transient_retry_limit", 0, 1000,
        "Automatic retries of a job failed with a transient error before it stays FAILED."),
    core::key<&queue_config::retry_backoff_ms>(
        "retry_backoff_ms", 0, 86400000,
        "Delay before the first automatic retry; doubled for each further one."),
    core::key<&queue_config::transient_errors>(
        "transient_errors",
        "Failure codes retried automatically (a fail request may also say transient: true)."),
    core::key<&queue_config::submit_on_order_status>(
        "submit_on_order_status",
        "Order status that submits a job for the order automatically (empty: off)."),
    core::key<&queue_config::order_status_on_complete>(
        "order_status_on_complete", "Order status a completed job moves its order to (empty: off)."),
    core::key<&queue_config::spool_dir>(
        "spool_dir",
        "Spool folder mirrored from the store (pending/ processing/ completed/ failed/); relative paths are "
        "under server.data_dir; empty: off."),
    core::key<&queue_config::update_interval_ms>(
        "update_interval_ms", 10, 60000,
        "queue_update events of a site are coalesced to at most one per this interval."),
    core::key<&queue_config::max_page_size>("max_page_size", 1, 100000,
                                            "Largest `limit` of a job list request."),
};
inline constexpr core::config_section k_queue_section{"queue", k_queue_keys};

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

    // `orders` names the statuses the queue's keys may refer to; a relative spool_dir is under
    // `data_dir`. Throws core::config_error naming the key when a value cannot be used.
    static queue_settings from(const queue_config& q, const orders_config& orders,
                               const std::string& data_dir);

    // The delay before automatic retry number `retry` (1, 2, ...): backoff * 2^(retry-1),
    // capped at one day.
    [[nodiscard]] std::int64_t backoff_ms(int retry) const noexcept;
    [[nodiscard]] bool is_transient(std::string_view error_code) const noexcept;
    [[nodiscard]] double tier_bonus(std::string_view tier) const noexcept;
};

}  // namespace ordercast::domain::queue

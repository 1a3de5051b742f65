#pragma once
// The bodies of the queue's REST requests, parsed and checked. Bodies of actions may be
// empty (treated as {}); unknown fields are refused so typos do not pass silently.
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "domain/domain_error.hpp"

namespace ordercast::domain::queue {

// POST /queue/jobs
struct job_draft {
    std::string order_id;
    std::string site_id;
    std::string station_id;
    std::optional<int> priority;  // 1-4; absent: from the order, else NORMAL
    std::string customer_tier;
    std::string garment_type;
    std::optional<double> fabric_required_cm;
    std::string plot_file;
    std::string notes;
    bool hold = false;  // true: created PENDING, released later
};

// Any action's body: which fields are allowed is up to the caller (see parse_action).
struct job_action {
    std::string site_id;
    std::string station_id;
    std::string notes;
    std::string reason;
    std::string error;
    std::string error_code;
    bool transient = false;
    std::optional<int> priority;
};

outcome<job_draft> parse_job_draft(std::string_view body);
// `allowed`: the field names this action accepts, e.g. {"error","errorCode","transient"}.
outcome<job_action> parse_job_action(std::string_view body, std::span<const std::string_view> allowed);
inline outcome<job_action> parse_job_action(std::string_view body,
                                            std::initializer_list<std::string_view> allowed) {
    return parse_job_action(body, std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

}  // namespace ordercast::domain::queue

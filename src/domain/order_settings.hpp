#pragma once
// The `orders` section of the configuration: the order status machine (docs/rest.md) and the
// list page size. The status machine (status_machine.hpp) checks the statuses and transitions.
#include <string>
#include <vector>

#include "core/config_schema.hpp"

namespace ordercast::domain {

// Transitions are "from>to".
struct orders_config {
    std::vector<std::string> statuses = {"pending",   "confirmed", "in_progress", "ready",
                                         "completed", "cancelled", "failed"};
    std::string initial_status = "pending";
    std::vector<std::string> transitions = {"pending>confirmed", "confirmed>in_progress", "in_progress>ready",
                                            "ready>completed"};
    std::vector<std::string> terminal_statuses = {"completed", "cancelled", "failed"};
    // Reachable from every status that is not terminal.
    std::vector<std::string> abort_statuses = {"cancelled", "failed"};
    int max_page_size = 200;
    // Operators read (REST and order:{id} subscriptions) only the orders assigned to them.
    bool operators_see_assigned_only = false;
};

inline constexpr core::setting k_orders_keys[] = {
    core::key<&orders_config::statuses>("statuses", "Every order status."),
    core::key<&orders_config::initial_status>("initial_status", "The status of a new order."),
    core::key<&orders_config::transitions>("transitions", "Allowed moves, each \"from>to\"."),
    core::key<&orders_config::terminal_statuses>("terminal_statuses", "Statuses an order never leaves."),
    core::key<&orders_config::abort_statuses>("abort_statuses",
                                              "Statuses reachable from every status that is not terminal."),
    core::key<&orders_config::max_page_size>("max_page_size", 1, 10000, "Largest `limit` of a list request."),
    core::key<&orders_config::operators_see_assigned_only>(
        "operators_see_assigned_only",
        "Operators see only the orders assigned to them (REST reads and lists, order:{id} "
        "subscriptions); off: every order of their site, as other staff."),
};
inline constexpr core::config_section k_orders_section{"orders", k_orders_keys};

}  // namespace ordercast::domain

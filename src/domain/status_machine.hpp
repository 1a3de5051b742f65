#pragma once
// The order status machine, built from the `orders` section of the configuration
// (default pending → confirmed → in_progress → ready → completed, with cancelled
// and failed reachable from every open status). Immutable after construction: any thread.
#include <string>
#include <string_view>
#include <vector>

#include "domain/order_settings.hpp"

namespace ordercast::domain {

class status_machine {
public:
    // Throws core::config_error naming the orders.* key at fault: unknown statuses in
    // transitions, a malformed "from>to", a move out of a terminal status, no initial status.
    explicit status_machine(const orders_config& config);

    [[nodiscard]] const std::string& initial() const noexcept { return initial_; }
    [[nodiscard]] const std::vector<std::string>& statuses() const noexcept { return statuses_; }
    [[nodiscard]] bool is_status(std::string_view s) const noexcept;
    [[nodiscard]] bool is_terminal(std::string_view s) const noexcept;
    // A terminal status that is not an abort status: the order was finished (completed_at
    // is set, order_completed is published).
    [[nodiscard]] bool is_completion(std::string_view s) const noexcept;
    [[nodiscard]] bool is_abort(std::string_view s) const noexcept;
    // True when an order in `from` may move to `to` (`from != to`, both statuses).
    [[nodiscard]] bool allows(std::string_view from, std::string_view to) const noexcept;
    // The statuses reachable from `from`, in configuration order.
    [[nodiscard]] std::vector<std::string> next(std::string_view from) const;

private:
    static bool contains(const std::vector<std::string>& v, std::string_view s) noexcept;

    std::vector<std::string> statuses_;
    std::string initial_;
    std::vector<std::pair<std::string, std::string>> transitions_;
    std::vector<std::string> terminal_;
    std::vector<std::string> abort_;
};

}  // namespace ordercast::domain

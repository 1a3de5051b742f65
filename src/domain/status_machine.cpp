#include "domain/status_machine.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace ordercast::domain {

status_machine::status_machine(const orders_config& config)
    : statuses_(config.statuses),
      initial_(config.initial_status),
      terminal_(config.terminal_statuses),
      abort_(config.abort_statuses) {
    auto known = [&](std::string_view key, std::string_view s) {
        if (!contains(statuses_, s))
            throw core::config_error(
                fmt::format("{}: '{}' is not in orders.statuses ({}); add it there or fix the "
                            "spelling",
                            key, s, fmt::join(statuses_, ", ")));
    };
    if (statuses_.empty()) throw core::config_error("orders.statuses: list at least one status");
    for (const auto& s : statuses_)
        if (s.empty() || s.size() > 64)
            throw core::config_error("orders.statuses: every status must be 1-64 characters");
    known("orders.initial_status", initial_);
    for (const auto& s : terminal_) known("orders.terminal_statuses", s);
    for (const auto& s : abort_) known("orders.abort_statuses", s);
    if (is_terminal(initial_))
        throw core::config_error(
            "orders.initial_status: must not be a terminal status, or no order could move");
    for (const auto& text : config.transitions) {
        auto arrow = text.find('>');
        if (arrow == std::string::npos || text.find('>', arrow + 1) != std::string::npos)
            throw core::config_error(fmt::format(
                "orders.transitions: '{}' is not \"from>to\" (e.g. \"pending>confirmed\")", text));
        std::string from = text.substr(0, arrow), to = text.substr(arrow + 1);
        known("orders.transitions", from);
        known("orders.transitions", to);
        if (from == to) throw core::config_error(fmt::format("orders.transitions: '{}' goes nowhere", text));
        if (is_terminal(from))
            throw core::config_error(
                fmt::format("orders.transitions: '{}' leaves the terminal status '{}'", text, from));
        transitions_.emplace_back(std::move(from), std::move(to));
    }
}

bool status_machine::contains(const std::vector<std::string>& v, std::string_view s) noexcept {
    return std::find(v.begin(), v.end(), s) != v.end();
}

bool status_machine::is_status(std::string_view s) const noexcept {
    return contains(statuses_, s);
}
bool status_machine::is_terminal(std::string_view s) const noexcept {
    return contains(terminal_, s);
}
bool status_machine::is_abort(std::string_view s) const noexcept {
    return contains(abort_, s);
}
bool status_machine::is_completion(std::string_view s) const noexcept {
    return is_terminal(s) && !is_abort(s);
}

bool status_machine::allows(std::string_view from, std::string_view to) const noexcept {
    if (from == to || !is_status(from) || !is_status(to) || is_terminal(from)) return false;
    if (is_abort(to)) return true;
    return std::any_of(transitions_.begin(), transitions_.end(),
                       [&](const auto& t) { return t.first == from && t.second == to; });
}

std::vector<std::string> status_machine::next(std::string_view from) const {
    std::vector<std::string> out;
    for (const auto& s : statuses_)
        if (allows(from, s)) out.push_back(s);
    return out;
}

}  // namespace ordercast::domain

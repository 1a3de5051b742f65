#include "auth/auto_join.hpp"

#include <algorithm>

#include "auth/error.hpp"
#include "auth/permission_pattern.hpp"

namespace ordercast::auth {
namespace {

std::string problem(const std::string& role_name, const std::string& text, std::string_view what) {
    return "auto_join." + role_name + ": template '" + text + "' " + std::string(what);
}

}  // namespace

const auto_join_table& default_auto_join_table() {
    static const auto_join_table table{
        {"customer", {"orders:customer:{sub}", "user:{sub}"}},
        {"employee", {"orders:employee:{sub}", "user:{sub}", "site:{site}:staff"}},
        {"operator", {"orders:employee:{sub}", "user:{sub}", "site:{site}:staff"}},
        {"manager", {"user:{sub}", "site:{site}:alerts"}},
        {"admin", {}},
        {"service", {}},
    };
    return table;
}

auto_join_rules::auto_join_rules() : auto_join_rules(default_auto_join_table()) {}

auto_join_rules::auto_join_rules(const auto_join_table& table) {
    std::vector<std::string> problems;
    for (const auto& [role_name, templates] : table) {
        const std::optional<role> r = parse_role(role_name);
        if (!r) {
            problems.push_back("auto_join: unknown role '" + role_name +
                               "'; use customer, employee, operator, manager, admin or service");
            continue;
        }
        for (const std::string& text : templates) {
            channel_template parsed;
            std::string sample;  // placeholders filled with "x", to check the shape
            std::string_view rest = text;
            bool ok = !text.empty();
            while (ok) {
                const std::size_t colon = rest.find(':');
                const std::string_view part = rest.substr(0, colon);
                if (auto p = parse_placeholder(part)) {
                    parsed.push_back({p, {}});
                } else if (is_literal_segment(part)) {
                    parsed.push_back(
                        {std::nullopt, std::string(parsed.empty() ? canonical_prefix(part) : part)});
                } else {
                    problems.push_back(
                        problem(role_name, text,
                                "has segment '" + std::string(part) +
                                    "'; use literals, {sub}, {site}, {stations} or {role} (no wildcards)"));
                    ok = false;
                    break;
                }
                if (!sample.empty()) sample += ':';
                sample += !parsed.back().placeholder ? std::string_view(parsed.back().literal)
                          : *parsed.back().placeholder == placeholder::role ? std::string_view("customer")
                                                                            : std::string_view("x");
                if (colon == std::string_view::npos) break;
                rest.remove_prefix(colon + 1);
            }
            if (!ok) {
                if (text.empty()) problems.push_back(problem(role_name, text, "is empty"));
                continue;
            }
            const auto stations = std::count_if(parsed.begin(), parsed.end(), [](const template_segment& s) {
                return s.placeholder == placeholder::stations;
            });
            if (stations > 1) {
                problems.push_back(problem(role_name, text, "uses {stations} more than once"));
            } else if (!parse_channel(sample)) {
                problems.push_back(
                    problem(role_name, text, "is not a valid channel name; see docs/permissions.md"));
            } else {
                by_role_[static_cast<std::size_t>(*r)].push_back(std::move(parsed));
            }
        }
    }
    if (!problems.empty()) {
        std::string message;
        for (const std::string& p : problems) message += (message.empty() ? "" : "\n") + p;
        throw config_error(message);
    }
}

std::vector<channel_name> auto_join_rules::auto_join_channels(const principal& who) const {
    std::vector<channel_name> channels;
    std::string name;
    for (const channel_template& t : by_role_[static_cast<std::size_t>(who.role)]) {
        const bool uses_stations = std::any_of(t.begin(), t.end(), [](const template_segment& s) {
            return s.placeholder == placeholder::stations;
        });
        // One pass per station for {stations} templates, a single pass otherwise.
        const std::size_t passes = uses_stations ? who.stations.size() : 1;
        for (std::size_t pass = 0; pass < passes; ++pass) {
            name.clear();
            bool complete = true;
            for (const template_segment& s : t) {
                std::string_view value = s.literal;
                if (s.placeholder) {
                    value = *s.placeholder == placeholder::subject ? std::string_view(who.user_id)
                            : *s.placeholder == placeholder::site  ? std::string_view(who.site)
                            : *s.placeholder == placeholder::role  ? to_string(who.role)
                                                                   : std::string_view(who.stations[pass]);
                    // A claim value must be one whole segment, or it could forge another channel.
                    if (!is_valid_channel_id(value)) {
                        complete = false;
                        break;
                    }
                }
                if (!name.empty()) name += ':';
                name += value;
            }
            if (!complete) continue;
            auto channel = parse_channel(name);
            if (!channel) continue;
            if (std::find(channels.begin(), channels.end(), *channel) == channels.end()) {
                channels.push_back(std::move(*channel));
            }
        }
    }
    return channels;
}

}  // namespace ordercast::auth

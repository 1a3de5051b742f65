#include "auth/permission_rules.hpp"

#include "auth/error.hpp"

namespace ordercast::auth {
namespace {

std::size_t index_of(role r) noexcept {
    return static_cast<std::size_t>(r);
}

// Compiles `matrix` into `out` (when given) and returns every problem found.
std::vector<std::string> compile(const permission_matrix& matrix,
                                 std::array<std::vector<permission_pattern>, k_all_roles.size()>* out) {
    std::vector<std::string> problems;
    for (const auto& [role_name, patterns] : matrix) {
        const std::optional<role> r = parse_role(role_name);
        if (!r) {
            problems.push_back("permissions: unknown role '" + role_name +
                               "'; use customer, employee, operator, manager, admin or service");
            continue;
        }
        for (const std::string& text : patterns) {
            auto pattern = permission_pattern::parse(text);
            if (!pattern) {
                problems.push_back("permissions." + role_name + ": " + pattern.error());
            } else if (out) {
                (*out)[index_of(*r)].push_back(std::move(*pattern));
            }
        }
    }
    return problems;
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines) {
        if (!text.empty()) text += '\n';
        text += line;
    }
    return text;
}

}  // namespace

const permission_matrix& default_permission_matrix() {
    static const permission_matrix matrix = [] {
        const std::vector<std::string> staff = {
            "orders:employee:{sub}", "station:{stations}:*", "site:{site}:staff",  "site:{site}:general",
            "site:{site}:queue",     "site:{site}:orders",   "user:{sub}",         "order:* owner",
            "operation:* owner",     "system:status",        "system:maintenance", "role:{role}:{site}",
        };
        return permission_matrix{
            {"customer",
             {"orders:customer:{sub}", "site:{site}:general", "user:{sub}", "order:* owner",
              "operation:* owner", "system:status", "system:maintenance", "role:{role}:{site}"}},
            {"employee", staff},
            {"operator", staff},
            {"manager",
             {"site:{site}:*", "station:*:*", "orders:**", "order:* owner", "operation:* owner", "user:{sub}",
              "system:**", "role:*:{site}"}},
            {"admin", {"**"}},
            {"service", {"**"}},
        };
    }();
    return matrix;
}

permission_rules::permission_rules() : permission_rules(default_permission_matrix()) {}

permission_rules::permission_rules(const permission_matrix& matrix) {
    std::vector<std::string> problems = compile(matrix, &by_role_);
    if (!problems.empty()) throw config_error(join_lines(problems));
}

std::vector<std::string> validate_permission_matrix(const permission_matrix& matrix) {
    return compile(matrix, nullptr);
}

access_decision permission_rules::check(const principal& who, const channel_name& channel) const noexcept {
    access_decision decision;
    decision.kind = channel.kind();
    decision.id = channel.id();
    bool owner_match = false;
    for (const permission_pattern& pattern : by_role_[index_of(who.role)]) {
        if (!pattern.matches(who, channel)) continue;
        if (!pattern.requires_ownership()) {
            decision.outcome = access_decision::verdict::allowed;
            return decision;
        }
        owner_match = true;
    }
    decision.outcome =
        owner_match ? access_decision::verdict::needs_ownership : access_decision::verdict::denied;
    return decision;
}

access_decision authorize(const permission_rules& rules, const ownership_hook& hook, const principal& who,
                          const channel_name& channel) {
    access_decision decision = rules.check(who, channel);
    if (decision.outcome == access_decision::verdict::needs_ownership) {
        decision.outcome = hook.may_access(who, decision.kind, decision.id)
                               ? access_decision::verdict::allowed
                               : access_decision::verdict::denied;
    }
    return decision;
}

}  // namespace ordercast::auth

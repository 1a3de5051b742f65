#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "auth/channel_name.hpp"
#include "auth/ownership_hook.hpp"
#include "auth/permission_pattern.hpp"
#include "auth/principal.hpp"

namespace ordercast::auth {

// role name -> permission patterns (syntax in permission_pattern.hpp). This is the shape
// of the `permissions` section of the YAML config.
using permission_matrix = std::map<std::string, std::vector<std::string>>;

// The restaurant ordering protocol's matrix (a customer their own orders and their site's general
// channel, an employee their own orders, stations and staff channel, a manager their site, an admin
// everything), extended to what this server adds: owned orders and operations, personal, system and
// role channels, the site's queue and orders, the operator and service roles (see
// docs/permissions.md for the table).
const permission_matrix& default_permission_matrix();

// The reason sent in subscription_confirmed.failed[].reason for a refused channel.
inline constexpr std::string_view k_insufficient_permissions = "insufficient_permissions";

struct access_decision {
    enum class verdict : std::uint8_t {
        allowed,
        denied,           // reason() is k_insufficient_permissions
        needs_ownership,  // only an `owner` pattern matched: ask the ownership hook about kind/id
    };
    verdict outcome = verdict::denied;
    channel_kind kind = channel_kind::order;  // the channel's kind, for needs_ownership
    std::string_view id;                      // views into the channel_name passed to check()

    [[nodiscard]] bool allowed() const noexcept { return outcome == verdict::allowed; }
    [[nodiscard]] std::string_view reason() const noexcept {
        return outcome == verdict::denied ? k_insufficient_permissions : std::string_view();
    }
};

// The permission matrix, compiled. Immutable after construction: check() may run on
// any number of threads at once.
class permission_rules {
public:
    // The default matrix.
    permission_rules();

    // Throws config_error listing every problem, one per line, each quoting the
    // offending role name or pattern. A role missing from `matrix` is allowed nothing.
    explicit permission_rules(const permission_matrix& matrix);

    // The verdict for `who` on `channel`: allowed if any plain pattern of the role
    // matches, needs_ownership if only `owner` patterns match, denied otherwise.
    // Does not allocate.
    [[nodiscard]] access_decision check(const principal& who, const channel_name& channel) const noexcept;

private:
    std::array<std::vector<permission_pattern>, k_all_roles.size()> by_role_;
};

// Every problem in `matrix` (unknown role names, malformed patterns); empty when valid.
std::vector<std::string> validate_permission_matrix(const permission_matrix& matrix);

// check() followed, when needed, by the ownership hook: the whole decision in one call
// for callers that can answer ownership synchronously. Returns allowed or denied.
access_decision authorize(const permission_rules& rules, const ownership_hook& hook, const principal& who,
                          const channel_name& channel);

}  // namespace ordercast::auth

#pragma once

#include <string_view>

#include "auth/channel_name.hpp"
#include "auth/principal.hpp"

namespace ordercast::auth {

// Decides the `owner`-flagged permission patterns (`order:* owner`, `operation:* owner`):
// may `who` see the resource of kind `kind` with id `id`?
//
// Contract for implementations: called on the session's thread while it handles a
// subscribe, possibly from several threads at once, so it must be thread-safe and must
// not block for long; it must answer false for resources that do not exist, so that a
// refusal never reveals whether an id is in use.
class ownership_hook {
public:
    virtual ~ownership_hook() = default;
    [[nodiscard]] virtual bool may_access(const principal& who, channel_kind kind,
                                          std::string_view id) const = 0;
};

// The foundation's hook, until the store can answer: allows staff (employee, operator,
// manager), whose site the store will later check, allows admin and service, and
// denies customers, who may only see resources the store says are theirs.
class default_ownership_hook final : public ownership_hook {
public:
    [[nodiscard]] bool may_access(const principal& who, channel_kind kind,
                                  std::string_view id) const override;
};

}  // namespace ordercast::auth

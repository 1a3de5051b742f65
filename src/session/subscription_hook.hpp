#pragma once
// A domain's say in joining its channels, beyond permissions: admission (a per-channel
// subscriber limit, say) and a first message for the new subscriber alone (the current
// state of an operation, so a late or reconnecting client has it at once).
//
// Threads: called on the session's worker thread while it handles subscribe or reconnect,
// possibly from several workers at once; implementations must be thread-safe and must not
// block for long (one store read is acceptable, as for the ownership hook).
#include <functional>
#include <string>
#include <string_view>

#include "auth/principal.hpp"
#include "protocol/request.hpp"

namespace ordercast::session {

using protocol::first_state;

class subscription_hook {
public:
    virtual ~subscription_hook() = default;
    // Before `who` joins `canonical`, which the connection does not hold yet and which the
    // permission rules already allowed. Empty admits; otherwise the reason listed in
    // subscription_confirmed.failed.
    [[nodiscard]] virtual std::string admit(const auth::principal& who, std::string_view canonical) = 0;
    // Runs `subscribe` (which joins the session to the channel in the hub) while the domain's
    // state of the channel holds still, and returns that state for this connection only. The
    // session sends it after the join is confirmed and before any live event of the channel,
    // and every live event after it is newer than the state it describes. `subscribe` must be
    // called exactly once (it may throw).
    [[nodiscard]] virtual first_state join(const auth::principal& who, std::string_view canonical,
                                           const std::function<void()>& subscribe) = 0;
};

}  // namespace ordercast::session

#pragma once
// A domain's say in joining its channels, beyond permissions: admission (a per-channel
// subscriber limit, say) and a first message for the new subscriber alone (the current
// state of an operation, so a late or reconnecting client has it at once).
//
// Threads: called on the session's worker thread while it handles subscribe or reconnect,
// possibly from several workers at once; implementations must be thread-safe and must not
// block for long (one store read is acceptable, as for the ownership hook).
#include <string>
#include <string_view>

#include "auth/principal.hpp"

namespace ordercast::session {

class subscription_hook {
public:
    virtual ~subscription_hook() = default;
    // Before `who` joins `canonical`, which the connection does not hold yet and which the
    // permission rules already allowed. Empty admits; otherwise the reason listed in
    // subscription_confirmed.failed.
    [[nodiscard]] virtual std::string admit(const auth::principal& who, std::string_view canonical) = 0;
    // After the join was confirmed (and any replay sent): a complete /v1 JSON message for
    // this connection only, sent before any later live event of the channel; empty for none.
    [[nodiscard]] virtual std::string first_message(const auth::principal& who, std::string_view canonical) = 0;
};

}  // namespace ordercast::session

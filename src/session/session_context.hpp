#pragma once
// What every session of a server shares: configuration and the services it talks to.
// Built once by the application; every member outlives every session.
#include "core/config.hpp"

namespace ordercast::hub {
class hub;
}
namespace ordercast::protocol {
class dialect_registry;
}
namespace ordercast::auth {
class jwt_verifier;
class permission_rules;
class ownership_hook;
}  // namespace ordercast::auth

namespace ordercast::session {

class connection_registry;
class command_handler;
class subscription_hook;
class order_ref_resolver;

struct session_context {
    const core::config& config;
    hub::hub& hub;
    const auth::jwt_verifier& verifier;
    const auth::permission_rules& permissions;
    const auth::ownership_hook& ownership;
    connection_registry& registry;
    command_handler& commands;
    // The dialects and their paths; sessions count themselves in and out of theirs.
    protocol::dialect_registry& dialects;
    // Optional: admission and first message of domain channels (operation:{id}).
    subscription_hook* subscriptions = nullptr;
    // Optional: order numbers to ids for the factory dialect's subscribe.
    const order_ref_resolver* orders = nullptr;
};

}  // namespace ordercast::session

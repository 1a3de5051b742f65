#pragma once
// The `floor` section of the configuration: what the floor publishes beyond its stations' and
// staff's own changes (docs/rest.md "The floor").
#include "core/config_schema.hpp"

namespace ordercast::domain::floor {

struct floor_config {
    // user_connected / user_disconnected on site:{site}:general when a user's first WebSocket
    // connection opens and their last one closes. Off by default: every connecting user of a
    // site would be an event to everyone on its general channel.
    bool presence_events = false;
};

inline constexpr core::setting k_floor_keys[] = {
    core::key<&floor_config::presence_events>(
        "presence_events",
        "Publish user_connected / user_disconnected (rooms: user:connected / user:disconnected) on "
        "site:{site}:general when a user's first connection opens and their last one closes."),
};
inline constexpr core::config_section k_floor_section{"floor", k_floor_keys};

}  // namespace ordercast::domain::floor

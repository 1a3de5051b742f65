#pragma once
// The manufacturing system's rooms on the channel grammar. A room is what its clients join and
// its backend broadcasts to: `branch:{site}` (a site's floor), `user:{id}`, `role:{role}:{site}`,
// `order:{id}`, or any channel name of docs/permissions.md.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordercast::auth {

struct room_target {
    std::vector<std::string> joins;  // canonical channels a member joins (each still permission-checked)
    std::string publish;             // the canonical channel a broadcast to the room goes to
};

// `branch:{site}` joins site:{site}:orders and site:{site}:general and is published to on
// site:{site}:general; every other room is the channel of that name. nullopt: neither a room
// nor a channel.
std::optional<room_target> resolve_room(std::string_view room);

// The room a canonical channel stands for, as getRooms lists it (site:{s}:orders and
// site:{s}:general are branch:{s}; every other channel is its own room).
std::string room_of(std::string_view canonical);

}  // namespace ordercast::auth

#include "auth/room_name.hpp"

#include "auth/channel_name.hpp"

namespace ordercast::auth {
namespace {

constexpr std::string_view k_branch = "branch:";

}  // namespace

std::optional<room_target> resolve_room(std::string_view room) {
    if (room.starts_with(k_branch) && room.find(':', k_branch.size()) == std::string_view::npos) {
        std::string_view site = room.substr(k_branch.size());
        if (!is_valid_channel_id(site)) return std::nullopt;
        const std::string base = "site:" + std::string(site);
        return room_target{{base + ":orders", base + ":general"}, base + ":general"};
    }
    auto channel = parse_channel(room);
    if (!channel) return std::nullopt;
    return room_target{{channel.value().str()}, channel.value().str()};
}

std::string room_of(std::string_view canonical) {
    auto channel = parse_channel(canonical);
    if (channel && channel.value().kind() == channel_kind::site &&
        (channel.value().sub_resource() == "orders" || channel.value().sub_resource() == "general"))
        return std::string(k_branch) + std::string(channel.value().id());
    return std::string(canonical);
}

}  // namespace ordercast::auth

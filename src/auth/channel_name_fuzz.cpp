// libFuzzer target: arbitrary bytes as a channel name and as a permission pattern.
// Invariants checked: no crash; a parsed channel is canonical (parsing its own text
// gives the same name); auto-join and pattern matching never crash on odd claims.

#include <cstdint>
#include <cstdlib>
#include <string>

#include "auth/channel_name.hpp"
#include "auth/permission_pattern.hpp"
#include "auth/permission_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ordercast::auth;
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    static const permission_rules rules;
    principal who;
    who.user_id = std::string(input.substr(0, 8));
    who.role = static_cast<role>(size % k_all_roles.size());
    who.site = "s1";
    who.stations = {"k1", std::string(input.substr(0, 4))};

    if (auto channel = parse_channel(input)) {
        auto again = parse_channel(channel->str());
        if (!again || !(*again == *channel) || again->id() != channel->id()) std::abort();
        (void)rules.check(who, *channel);
    }
    if (auto pattern = permission_pattern::parse(input)) {
        if (auto channel = parse_channel("site:s1:orders")) (void)pattern->matches(who, *channel);
    }
    return 0;
}

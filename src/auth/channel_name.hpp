#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ordercast::auth {

// The channel grammar every protocol and dialect maps its names onto:
//
//   order:{id}                         kind order
//   orders:customer:{id}               kind customer_orders
//   orders:employee:{id}               kind employee_orders
//   site:{id}:orders|general|staff|queue|alerts|metrics     kind site
//   station:{id}:orders|status         kind station
//   operation:{id}                     kind operation
//   user:{id}                          kind user
//   role:{role}:{id}                   kind role (everyone of that role at site {id}, as in the
//                                      manufacturing system's role rooms)
//   system:status|maintenance          kind system (no id)
//
// `cafe:` and `branch:` are aliases of `site:`, `counter:` and `machine:` of
// `station:`; parsing rewrites them, so only canonical names leave this module.
// An id is 1-128 characters of [A-Za-z0-9_.@-]; a name is at most 200 characters.
// Everything is case-sensitive.
enum class channel_kind : std::uint8_t {
    order,
    customer_orders,
    employee_orders,
    site,
    station,
    operation,
    user,
    system,
    role,
};

std::string_view to_string(channel_kind kind) noexcept;

enum class channel_error : std::uint8_t {
    unknown_channel,        // not one of the shapes above
    invalid_channel_id,     // right shape, but the id is empty, too long or has other characters
    channel_name_too_long,  // over k_max_channel_name_size, refused before parsing
};

// The reason string sent to clients in subscription_confirmed.failed[].reason.
std::string_view to_string(channel_error error) noexcept;

inline constexpr std::size_t k_max_channel_name_size = 200;
inline constexpr std::size_t k_max_channel_id_size = 128;

// True when `id` may appear as a channel id.
bool is_valid_channel_id(std::string_view id) noexcept;

// A parsed, canonical channel name. Holds one string; id() and sub_resource() view into it.
class channel_name {
public:
    // The canonical text, e.g. "site:s1:orders" for the input "cafe:s1:orders".
    [[nodiscard]] const std::string& str() const noexcept { return name_; }
    [[nodiscard]] channel_kind kind() const noexcept { return kind_; }
    // The order, customer, employee, site, station, operation or user id, the site of a
    // role channel; empty for system.
    [[nodiscard]] std::string_view id() const noexcept { return view(id_offset_, id_size_); }
    // "orders", "status", ... for site, station and system channels, the role of a role
    // channel; empty otherwise.
    [[nodiscard]] std::string_view sub_resource() const noexcept { return view(sub_offset_, sub_size_); }

    friend bool operator==(const channel_name& a, const channel_name& b) noexcept {
        return a.name_ == b.name_;
    }

private:
    friend core::result<channel_name, channel_error> parse_channel(std::string_view text);

    channel_name(std::string name, channel_kind kind, std::size_t id_offset, std::size_t id_size,
                 std::size_t sub_offset, std::size_t sub_size) noexcept;

    std::string_view view(std::uint8_t offset, std::uint8_t size) const noexcept {
        return std::string_view(name_).substr(offset, size);
    }

    std::string name_;
    channel_kind kind_;
    std::uint8_t id_offset_;
    std::uint8_t id_size_;
    std::uint8_t sub_offset_;
    std::uint8_t sub_size_;
};

// Parses and canonicalises a channel name as a client or config wrote it.
// Costs one allocation (the canonical string) on success, none on failure.
core::result<channel_name, channel_error> parse_channel(std::string_view text);

// Rewrites an alias prefix (cafe, branch, counter, machine) to its canonical one
// (site, station); any other segment is returned unchanged.
std::string_view canonical_prefix(std::string_view first_segment) noexcept;

}  // namespace ordercast::auth

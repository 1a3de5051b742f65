#include "auth/channel_name.hpp"

#include <array>
#include <initializer_list>

namespace ordercast::auth {
namespace {

// ---- the grammar as data ---------------------------------------------------------

struct alias {
    std::string_view from;
    std::string_view to;
};

constexpr std::array k_aliases{
    alias{"cafe", "site"},
    alias{"branch", "site"},
    alias{"counter", "station"},
    alias{"machine", "station"},
};

// Where the id sits in a shape, after the literal prefix segments.
enum class layout : std::uint8_t {
    id_last,      // prefix...:{id}
    id_then_sub,  // prefix:{id}:{sub}
    sub_only,     // prefix:{sub}
    sub_then_id,  // prefix:{sub}:{id}
};

struct shape {
    std::string_view prefix;  // the literal leading segments, joined by ':'
    channel_kind kind;
    layout where;
    std::initializer_list<std::string_view> subs;  // allowed sub-resources, if any
};

const std::array<shape, 9> k_shapes{{
    {"order", channel_kind::order, layout::id_last, {}},
    {"orders:customer", channel_kind::customer_orders, layout::id_last, {}},
    {"orders:employee", channel_kind::employee_orders, layout::id_last, {}},
    {"site",
     channel_kind::site,
     layout::id_then_sub,
     {"orders", "general", "staff", "queue", "alerts", "metrics"}},
    {"station", channel_kind::station, layout::id_then_sub, {"orders", "status"}},
    {"operation", channel_kind::operation, layout::id_last, {}},
    {"user", channel_kind::user, layout::id_last, {}},
    {"system", channel_kind::system, layout::sub_only, {"status", "maintenance"}},
    {"role",
     channel_kind::role,
     layout::sub_then_id,
     {"customer", "employee", "operator", "manager", "admin", "service"}},
}};

bool id_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '@' || c == '-';
}

bool one_of(std::string_view s, std::initializer_list<std::string_view> set) noexcept {
    for (std::string_view candidate : set) {
        if (candidate == s) return true;
    }
    return false;
}

}  // namespace

std::string_view to_string(channel_kind kind) noexcept {
    switch (kind) {
        case channel_kind::order:
            return "order";
        case channel_kind::customer_orders:
            return "customer_orders";
        case channel_kind::employee_orders:
            return "employee_orders";
        case channel_kind::site:
            return "site";
        case channel_kind::station:
            return "station";
        case channel_kind::operation:
            return "operation";
        case channel_kind::user:
            return "user";
        case channel_kind::system:
            return "system";
        case channel_kind::role:
            return "role";
    }
    return "unknown";
}

std::string_view to_string(channel_error error) noexcept {
    switch (error) {
        case channel_error::unknown_channel:
            return "unknown_channel";
        case channel_error::invalid_channel_id:
            return "invalid_channel_id";
        case channel_error::channel_name_too_long:
            return "channel_name_too_long";
    }
    return "unknown_channel";
}

bool is_valid_channel_id(std::string_view id) noexcept {
    if (id.empty() || id.size() > k_max_channel_id_size) return false;
    for (char c : id) {
        if (!id_char(c)) return false;
    }
    return true;
}

std::string_view canonical_prefix(std::string_view first_segment) noexcept {
    for (const alias& a : k_aliases) {
        if (a.from == first_segment) return a.to;
    }
    return first_segment;
}

channel_name::channel_name(std::string name, channel_kind kind, std::size_t id_offset, std::size_t id_size,
                           std::size_t sub_offset, std::size_t sub_size) noexcept
    : name_(std::move(name)),
      kind_(kind),
      id_offset_(static_cast<std::uint8_t>(id_offset)),
      id_size_(static_cast<std::uint8_t>(id_size)),
      sub_offset_(static_cast<std::uint8_t>(sub_offset)),
      sub_size_(static_cast<std::uint8_t>(sub_size)) {}

core::result<channel_name, channel_error> parse_channel(std::string_view text) {
    if (text.size() > k_max_channel_name_size) return channel_error::channel_name_too_long;

    const std::size_t first_colon = text.find(':');
    if (first_colon == std::string_view::npos) return channel_error::unknown_channel;
    const std::string_view head = canonical_prefix(text.substr(0, first_colon));
    const std::string_view tail = text.substr(first_colon + 1);  // everything after "head:"

    for (const shape& s : k_shapes) {
        // Match the prefix: its first segment against `head`, the rest against `tail`.
        const std::size_t split = s.prefix.find(':');
        if (s.prefix.substr(0, split) != head) continue;
        std::string_view rest = tail;
        if (split != std::string_view::npos) {
            const std::string_view more = s.prefix.substr(split + 1);
            if (rest.substr(0, more.size()) != more || rest.size() <= more.size() ||
                rest[more.size()] != ':') {
                continue;
            }
            rest.remove_prefix(more.size() + 1);
        }

        std::string_view id;
        std::string_view sub;
        switch (s.where) {
            case layout::id_last:
                if (rest.find(':') != std::string_view::npos) return channel_error::unknown_channel;
                id = rest;
                break;
            case layout::id_then_sub: {
                const std::size_t colon = rest.find(':');
                if (colon == std::string_view::npos) return channel_error::unknown_channel;
                id = rest.substr(0, colon);
                sub = rest.substr(colon + 1);
                if (!one_of(sub, s.subs)) return channel_error::unknown_channel;
                break;
            }
            case layout::sub_only:
                sub = rest;
                if (!one_of(sub, s.subs)) return channel_error::unknown_channel;
                break;
            case layout::sub_then_id: {
                const std::size_t colon = rest.find(':');
                if (colon == std::string_view::npos) return channel_error::unknown_channel;
                sub = rest.substr(0, colon);
                id = rest.substr(colon + 1);
                if (!one_of(sub, s.subs)) return channel_error::unknown_channel;
                break;
            }
        }
        if (s.where != layout::sub_only && !is_valid_channel_id(id)) return channel_error::invalid_channel_id;

        // Canonical text: the canonical head followed by the original tail.
        std::string name;
        name.reserve(head.size() + 1 + tail.size());
        name.append(head).push_back(':');
        name.append(tail);
        // Offsets are relative to `tail`, which sits right after "head:" in the canonical text.
        const auto offset_of = [&](std::string_view part) -> std::size_t {
            return part.empty() ? 0 : head.size() + 1 + static_cast<std::size_t>(part.data() - tail.data());
        };
        return channel_name(std::move(name), s.kind, offset_of(id), id.size(), offset_of(sub), sub.size());
    }
    return channel_error::unknown_channel;
}

}  // namespace ordercast::auth

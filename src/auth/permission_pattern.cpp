#include "auth/permission_pattern.hpp"

#include <algorithm>

namespace ordercast::auth {
namespace {

constexpr std::string_view k_owner_flag = "owner";

std::string problem(std::string_view text, std::string_view what) {
    return "permission pattern '" + std::string(text) + "' " + std::string(what);
}

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The canonical prefixes of channel_name.hpp; a literal first segment must be one of them.
bool is_channel_prefix(std::string_view s) noexcept {
    constexpr std::string_view prefixes[] = {"order",     "orders", "site",   "station",
                                             "operation", "user",   "system", "role"};
    return std::find(std::begin(prefixes), std::end(prefixes), s) != std::end(prefixes);
}

}  // namespace

std::optional<placeholder> parse_placeholder(std::string_view segment) noexcept {
    if (segment == "{sub}") return placeholder::subject;
    if (segment == "{site}") return placeholder::site;
    if (segment == "{stations}") return placeholder::stations;
    if (segment == "{role}") return placeholder::role;
    return std::nullopt;
}

bool is_literal_segment(std::string_view segment) noexcept {
    return is_valid_channel_id(segment);
}

core::result<permission_pattern, std::string> permission_pattern::parse(std::string_view text) {
    permission_pattern pattern;
    pattern.text_ = std::string(text);

    std::string_view body = trim(text);
    if (const std::size_t space = body.find_first_of(" \t"); space != std::string_view::npos) {
        if (trim(body.substr(space)) != k_owner_flag) {
            return problem(text, "has unexpected text after the channel part; the only flag is ' owner'");
        }
        pattern.owner_ = true;
        body = body.substr(0, space);
    }
    if (body.empty()) return problem(text, "is empty; write a channel pattern such as 'site:{site}:general'");

    bool has_wildcard = false;
    std::string sample;  // the pattern with placeholders filled in, to check it can match a channel
    for (std::size_t start = 0; start <= body.size();) {
        std::size_t colon = body.find(':', start);
        if (colon == std::string_view::npos) colon = body.size();
        std::string_view part = body.substr(start, colon - start);
        const bool last = colon == body.size();
        start = colon + 1;

        segment s{segment_kind::literal, {}};
        if (part.empty()) {
            return problem(text, "has an empty segment; segments are separated by single ':'");
        } else if (part == "**") {
            if (!last) return problem(text, "uses '**' before the last segment; '**' may only end a pattern");
            s.kind = segment_kind::rest;
            has_wildcard = true;
        } else if (part == "*") {
            s.kind = segment_kind::any_one;
            has_wildcard = true;
        } else if (auto p = parse_placeholder(part)) {
            s.kind = *p == placeholder::subject ? segment_kind::subject
                     : *p == placeholder::site  ? segment_kind::site
                     : *p == placeholder::role  ? segment_kind::role
                                                : segment_kind::stations;
        } else if (part.front() == '{') {
            return problem(text, "uses unknown placeholder '" + std::string(part) +
                                     "'; the placeholders are {sub}, {site}, {stations} and {role}");
        } else if (!is_literal_segment(part)) {
            return problem(text,
                           "has segment '" + std::string(part) +
                               "' with characters outside [A-Za-z0-9_.@-]; wildcards are whole segments "
                               "('*' or a final '**')");
        } else {
            s.literal = std::string(pattern.segments_.empty() ? canonical_prefix(part) : part);
        }
        if (pattern.segments_.empty() && s.kind == segment_kind::literal && !is_channel_prefix(s.literal)) {
            return problem(text, "starts with '" + s.literal +
                                     "', which is no channel prefix; use order, orders, site, station, "
                                     "operation, user, system, role or an alias");
        }
        if (!sample.empty()) sample += ':';
        // A placeholder stands for some value: any id, or a role name for {role}.
        sample += s.kind == segment_kind::literal ? std::string_view(s.literal)
                  : s.kind == segment_kind::role  ? std::string_view("customer")
                                                  : std::string_view("x");
        pattern.segments_.push_back(std::move(s));
    }
    // Without wildcards the pattern names one shape exactly, so a typo ("genral") is detectable.
    if (!has_wildcard && !parse_channel(sample)) {
        return problem(text,
                       "can never match a channel; check it against the channel list in docs/permissions.md");
    }
    return pattern;
}

bool permission_pattern::segment_matches(const segment& s, const principal& who,
                                         std::string_view value) const noexcept {
    switch (s.kind) {
        case segment_kind::literal:
            return value == s.literal;
        case segment_kind::subject:
            return !who.user_id.empty() && value == who.user_id;
        case segment_kind::site:
            return !who.site.empty() && value == who.site;
        case segment_kind::stations:
            return std::find(who.stations.begin(), who.stations.end(), value) != who.stations.end();
        case segment_kind::role:
            return value == to_string(who.role);
        case segment_kind::any_one:
        case segment_kind::rest:
            return true;
    }
    return false;
}

bool permission_pattern::matches(const principal& who, const channel_name& channel) const noexcept {
    std::string_view rest = channel.str();
    for (const segment& s : segments_) {
        if (rest.empty()) return false;  // the channel ran out of segments
        if (s.kind == segment_kind::rest) return true;
        const std::size_t colon = rest.find(':');
        const std::string_view value = rest.substr(0, colon);
        if (!segment_matches(s, who, value)) return false;
        rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    }
    return rest.empty();
}

}  // namespace ordercast::auth

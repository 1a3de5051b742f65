#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/channel_name.hpp"
#include "auth/principal.hpp"
#include "core/result.hpp"

namespace ordercast::auth {

// One entry of the permission matrix. Syntax (also in docs/permissions.md):
//
//   pattern   := segment (':' segment)* [' owner']
//   segment   := literal          channel text, [A-Za-z0-9_.@-]+, matched exactly
//              | '{sub}'          the principal's user id
//              | '{site}'         the principal's site
//              | '{stations}'     any one of the principal's stations
//              | '*'              exactly one segment, whatever it is
//              | '**'             only as the last segment: one or more remaining segments
//
// A placeholder whose value the principal lacks (no site, no stations) matches nothing.
// The trailing flag ` owner` (as in `order:* owner`) turns a match into "allowed only
// if the ownership hook says this principal may see that resource".
// Alias prefixes (cafe, branch, counter, machine) are accepted and canonicalised, since
// patterns are matched against canonical channel names only.
class permission_pattern {
public:
    // Parses `text`; on failure returns one sentence that quotes `text` and says what to fix.
    static core::result<permission_pattern, std::string> parse(std::string_view text);

    // True when the canonical `channel` matches for `who`. Does not allocate.
    [[nodiscard]] bool matches(const principal& who, const channel_name& channel) const noexcept;

    [[nodiscard]] bool requires_ownership() const noexcept { return owner_; }
    [[nodiscard]] const std::string& text() const noexcept { return text_; }

private:
    enum class segment_kind : std::uint8_t { literal, subject, site, stations, role, any_one, rest };
    struct segment {
        segment_kind kind;
        std::string literal;
    };

    permission_pattern() = default;
    bool segment_matches(const segment& s, const principal& who, std::string_view value) const noexcept;

    std::vector<segment> segments_;
    bool owner_ = false;
    std::string text_;
};

// The placeholders shared by permission patterns and auto-join templates.
enum class placeholder : std::uint8_t { subject, site, stations, role };

// "{sub}" -> subject, "{site}" -> site, "{stations}" -> stations, "{role}" -> role (the
// principal's role name); nullopt otherwise.
std::optional<placeholder> parse_placeholder(std::string_view segment) noexcept;

// True when `segment` can appear literally in a channel name.
bool is_literal_segment(std::string_view segment) noexcept;

}  // namespace ordercast::auth

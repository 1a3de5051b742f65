#include "auth/permission_pattern.hpp"

#include <gtest/gtest.h>

namespace ordercast::auth {
namespace {

principal employee() {
    principal p;
    p.user_id = "e1";
    p.role = role::employee;
    p.site = "s1";
    p.stations = {"k1", "k2"};
    return p;
}

bool matches(std::string_view pattern, std::string_view channel, const principal& who = employee()) {
    auto p = permission_pattern::parse(pattern);
    EXPECT_TRUE(p.ok()) << pattern << ": " << (p.ok() ? "" : p.error());
    auto c = parse_channel(channel);
    EXPECT_TRUE(c.ok()) << channel;
    return p.ok() && c.ok() && p->matches(who, *c);
}

std::string parse_error(std::string_view pattern) {
    auto p = permission_pattern::parse(pattern);
    return p.ok() ? std::string() : p.error();
}

TEST(permission_pattern, literal_matches_only_itself) {
    EXPECT_TRUE(matches("system:status", "system:status"));
    EXPECT_FALSE(matches("system:status", "system:maintenance"));
}

TEST(permission_pattern, placeholders_match_the_principals_values) {
    EXPECT_TRUE(matches("user:{sub}", "user:e1"));
    EXPECT_FALSE(matches("user:{sub}", "user:e2"));
    EXPECT_TRUE(matches("site:{site}:staff", "site:s1:staff"));
    EXPECT_FALSE(matches("site:{site}:staff", "site:s2:staff"));
    EXPECT_TRUE(matches("station:{stations}:orders", "station:k1:orders"));
    EXPECT_TRUE(matches("station:{stations}:orders", "station:k2:orders"));
    EXPECT_FALSE(matches("station:{stations}:orders", "station:k3:orders"));
}

TEST(permission_pattern, placeholder_the_principal_lacks_matches_nothing) {
    principal p = employee();
    p.site.clear();
    p.stations.clear();
    EXPECT_FALSE(matches("site:{site}:staff", "site:s1:staff", p));
    EXPECT_FALSE(matches("station:{stations}:*", "station:k1:orders", p));
}

TEST(permission_pattern, star_matches_exactly_one_segment) {
    EXPECT_TRUE(matches("site:{site}:*", "site:s1:metrics"));
    EXPECT_TRUE(matches("station:*:*", "station:any:status"));
    EXPECT_FALSE(matches("order:*", "orders:customer:c1"));
    EXPECT_FALSE(matches("orders:*", "orders:customer:c1"));
}

TEST(permission_pattern, trailing_double_star_matches_the_rest) {
    EXPECT_TRUE(matches("orders:**", "orders:customer:c1"));
    EXPECT_TRUE(matches("orders:**", "orders:employee:e9"));
    EXPECT_FALSE(matches("orders:**", "order:o1"));
    EXPECT_TRUE(matches("system:**", "system:maintenance"));
    EXPECT_TRUE(matches("**", "site:s9:alerts"));
    EXPECT_TRUE(matches("**", "order:o1"));
}

TEST(permission_pattern, owner_flag_is_parsed_and_does_not_change_matching) {
    auto p = permission_pattern::parse("order:* owner");
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(p->requires_ownership());
    EXPECT_TRUE(matches("order:* owner", "order:o1"));
    EXPECT_FALSE(permission_pattern::parse("order:*")->requires_ownership());
}

TEST(permission_pattern, alias_prefixes_in_patterns_match_canonical_channels) {
    EXPECT_TRUE(matches("cafe:{site}:general", "site:s1:general"));
    EXPECT_TRUE(matches("counter:{stations}:*", "machine:k1:status"));
}

TEST(permission_pattern, malformed_patterns_are_reported_with_the_exact_text) {
    const std::string_view bad[] = {
        "",                     // empty
        "site::staff",          // empty segment
        "**:orders",            // ** not last
        "site:{branch}:staff",  // unknown placeholder
        "site:s*:staff",        // partial wildcard
        "user:{sub} owner extra",
        "user:{sub} admin",    // unknown flag
        "shop:{site}:orders",  // not a channel prefix
        "site:{site}:genral",  // cannot match any channel
    };
    for (std::string_view text : bad) {
        const std::string error = parse_error(text);
        EXPECT_FALSE(error.empty()) << text;
        EXPECT_NE(error.find("'" + std::string(text) + "'"), std::string::npos) << error;
    }
}

TEST(permission_pattern, documented_placeholders_parse) {
    EXPECT_EQ(parse_placeholder("{sub}"), placeholder::subject);
    EXPECT_EQ(parse_placeholder("{site}"), placeholder::site);
    EXPECT_EQ(parse_placeholder("{stations}"), placeholder::stations);
    EXPECT_EQ(parse_placeholder("{user}"), std::nullopt);
}

}  // namespace
}  // namespace ordercast::auth

#include "auth/channel_name.hpp"

#include <gtest/gtest.h>

namespace ordercast::auth {
namespace {

struct expected_channel {
    std::string_view input;
    std::string_view canonical;
    channel_kind kind;
    std::string_view id;
    std::string_view sub;
};

TEST(channel_name, every_canonical_shape_parses_with_kind_id_and_sub_resource) {
    const expected_channel cases[] = {
        {"order:o-1", "order:o-1", channel_kind::order, "o-1", ""},
        {"orders:customer:c1", "orders:customer:c1", channel_kind::customer_orders, "c1", ""},
        {"orders:employee:e1", "orders:employee:e1", channel_kind::employee_orders, "e1", ""},
        {"site:s1:orders", "site:s1:orders", channel_kind::site, "s1", "orders"},
        {"site:s1:general", "site:s1:general", channel_kind::site, "s1", "general"},
        {"site:s1:staff", "site:s1:staff", channel_kind::site, "s1", "staff"},
        {"site:s1:queue", "site:s1:queue", channel_kind::site, "s1", "queue"},
        {"site:s1:alerts", "site:s1:alerts", channel_kind::site, "s1", "alerts"},
        {"site:s1:metrics", "site:s1:metrics", channel_kind::site, "s1", "metrics"},
        {"station:m1:orders", "station:m1:orders", channel_kind::station, "m1", "orders"},
        {"station:m1:status", "station:m1:status", channel_kind::station, "m1", "status"},
        {"operation:op.9", "operation:op.9", channel_kind::operation, "op.9", ""},
        {"user:a@b.c", "user:a@b.c", channel_kind::user, "a@b.c", ""},
        {"system:status", "system:status", channel_kind::system, "", "status"},
        {"system:maintenance", "system:maintenance", channel_kind::system, "", "maintenance"},
    };
    for (const auto& c : cases) {
        auto r = parse_channel(c.input);
        ASSERT_TRUE(r.ok()) << c.input << ": " << to_string(r.error());
        EXPECT_EQ(r->str(), c.canonical);
        EXPECT_EQ(r->kind(), c.kind) << c.input;
        EXPECT_EQ(r->id(), c.id) << c.input;
        EXPECT_EQ(r->sub_resource(), c.sub) << c.input;
    }
}

TEST(channel_name, every_alias_is_rewritten_to_its_canonical_prefix) {
    const expected_channel cases[] = {
        {"cafe:c9:general", "site:c9:general", channel_kind::site, "c9", "general"},
        {"cafe:c9:metrics", "site:c9:metrics", channel_kind::site, "c9", "metrics"},
        {"branch:b_12:staff", "site:b_12:staff", channel_kind::site, "b_12", "staff"},
        {"counter:k1:orders", "station:k1:orders", channel_kind::station, "k1", "orders"},
        {"machine:cutter-3:status", "station:cutter-3:status", channel_kind::station, "cutter-3", "status"},
    };
    for (const auto& c : cases) {
        auto r = parse_channel(c.input);
        ASSERT_TRUE(r.ok()) << c.input;
        EXPECT_EQ(r->str(), c.canonical);
        EXPECT_EQ(r->kind(), c.kind);
        EXPECT_EQ(r->id(), c.id);
        EXPECT_EQ(r->sub_resource(), c.sub);
    }
}

TEST(channel_name, alias_and_canonical_spellings_compare_equal) {
    EXPECT_TRUE(*parse_channel("branch:b1:queue") == *parse_channel("site:b1:queue"));
    EXPECT_FALSE(*parse_channel("site:b1:queue") == *parse_channel("site:b2:queue"));
}

TEST(channel_name, views_survive_copy_and_move) {
    auto r = parse_channel("branch:b1:alerts");
    ASSERT_TRUE(r.ok());
    channel_name copy = *r;
    channel_name moved = std::move(*r);
    EXPECT_EQ(copy.id(), "b1");
    EXPECT_EQ(copy.sub_resource(), "alerts");
    EXPECT_EQ(moved.id(), "b1");
    EXPECT_EQ(moved.sub_resource(), "alerts");
}

TEST(channel_name, role_channels_name_a_role_and_a_site) {
    auto r = parse_channel("role:manager:s1");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value().kind(), channel_kind::role);
    EXPECT_EQ(r.value().sub_resource(), "manager");
    EXPECT_EQ(r.value().id(), "s1");
    EXPECT_EQ(parse_channel("role:admin:a/b").error(), channel_error::invalid_channel_id);
}

TEST(channel_name, unknown_shapes_are_unknown_channel) {
    for (std::string_view text :
         {"", "order", "orders:o1", "orders:vip:x", "site:s1", "site:s1:kitchen", "station:m1:queue",
          "system:reboot", "system", "user:u1:extra", "role:chef:s1", "role:admin", "Site:s1:orders",
          "cafe:c1", "order:o1:x", "foo:bar"}) {
        auto r = parse_channel(text);
        ASSERT_FALSE(r.ok()) << text;
        EXPECT_EQ(r.error(), channel_error::unknown_channel) << text;
        EXPECT_EQ(to_string(r.error()), "unknown_channel");
    }
}

TEST(channel_name, bad_ids_are_invalid_channel_id) {
    const std::string too_long(k_max_channel_id_size + 1, 'a');
    for (std::string text :
         {std::string("order:"), std::string("user:a b"), std::string("order:o/1"),
          std::string("orders:customer:"), std::string("site::orders"), std::string("station:*:orders"),
          std::string("user:") + too_long, std::string("user:caf\xc3\xa9")}) {
        auto r = parse_channel(text);
        ASSERT_FALSE(r.ok()) << text;
        EXPECT_EQ(r.error(), channel_error::invalid_channel_id) << text;
        EXPECT_EQ(to_string(r.error()), "invalid_channel_id");
    }
}

TEST(channel_name, id_of_exactly_128_characters_is_accepted) {
    const std::string id(k_max_channel_id_size, 'x');
    auto r = parse_channel("site:" + id + ":metrics");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->id(), id);
    EXPECT_EQ(r->sub_resource(), "metrics");
}

TEST(channel_name, names_over_200_characters_are_refused_before_parsing) {
    auto r = parse_channel("user:" + std::string(k_max_channel_name_size, 'a'));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), channel_error::channel_name_too_long);
}

TEST(channel_name, id_characters_are_exactly_the_documented_set) {
    EXPECT_TRUE(is_valid_channel_id("AZaz09_.@-"));
    for (char c : std::string_view(" :/*{}#+?%&=,;\"'")) {
        EXPECT_FALSE(is_valid_channel_id(std::string("a") + c)) << c;
    }
}

}  // namespace
}  // namespace ordercast::auth

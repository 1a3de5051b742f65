#include "protocol/dialect_registry.hpp"

#include <gtest/gtest.h>

namespace ordercast::protocol {
namespace {

TEST(dialect_registry, default_paths_route_to_their_dialects_and_capture_the_id) {
    core::config cfg;
    dialect_registry r(cfg);
    auto v1 = r.match("/v1");
    ASSERT_TRUE(v1);
    EXPECT_EQ(v1->d->id(), dialect_id::v1);
    EXPECT_TRUE(v1->resource_id.empty());
    EXPECT_EQ(r.match("/v1/")->d->id(), dialect_id::v1) << "a trailing slash is ignored";
    EXPECT_EQ(r.match("/ws")->d->id(), dialect_id::factory);
    EXPECT_EQ(r.match("/rooms")->d->id(), dialect_id::rooms);
    auto schedule = r.match("/ws/schedule/123");
    ASSERT_TRUE(schedule);
    EXPECT_EQ(schedule->d->id(), dialect_id::progress);
    EXPECT_EQ(schedule->resource_id, "123");
    EXPECT_EQ(r.match("/ws/operations/op-1")->resource_id, "op-1");
    auto shop = r.match("/ws/orders/42");
    ASSERT_TRUE(shop);
    EXPECT_EQ(shop->d->id(), dialect_id::shop);
    EXPECT_EQ(shop->resource_id, "42");
}

TEST(dialect_registry, unknown_paths_and_bad_ids_do_not_match) {
    core::config cfg;
    dialect_registry r(cfg);
    EXPECT_FALSE(r.match("/"));
    EXPECT_FALSE(r.match("/v2"));
    EXPECT_FALSE(r.match("/ws/orders/"));
    EXPECT_FALSE(r.match("/ws/orders/42/more")) << "{id} is one segment";
    EXPECT_FALSE(r.match("/ws/orders/a:b")) << "an id must be a valid channel id";
    EXPECT_FALSE(r.match("/ws/schedule"));
}

TEST(dialect_registry, an_empty_path_list_disables_a_dialect) {
    core::config cfg;
    cfg.dialect_factory.paths.clear();
    cfg.dialect_rooms.paths = {"/rooms", "/dev"};
    dialect_registry r(cfg);
    EXPECT_FALSE(r.match("/ws"));
    EXPECT_FALSE(r.enabled(dialect_id::factory));
    EXPECT_TRUE(r.enabled(dialect_id::rooms));
    EXPECT_EQ(r.match("/dev")->d->id(), dialect_id::rooms);
    EXPECT_EQ(r.describe_paths().find("/ws,"), std::string::npos) << r.describe_paths();
    EXPECT_NE(r.describe_paths().find("/ws/orders/{id}"), std::string::npos) << r.describe_paths();
}

TEST(dialect_registry, bad_paths_are_configuration_errors_that_name_the_key) {
    auto refuses = [](auto change, std::string_view key) {
        core::config cfg;
        change(cfg);
        try {
            dialect_registry r(cfg);
        } catch (const core::config_error& e) {
            return std::string_view(e.what()).starts_with(key);
        }
        return false;
    };
    EXPECT_TRUE(refuses([](core::config& c) { c.dialect_rooms.paths = {"/ws"}; }, "dialect_rooms.paths"))
        << "one path, two dialects";
    EXPECT_TRUE(refuses([](core::config& c) { c.dialect_rooms.paths = {"rooms"}; }, "dialect_rooms.paths"));
    EXPECT_TRUE(refuses([](core::config& c) { c.dialect_shop.paths = {"/ws/orders"}; }, "dialect_shop.paths"))
        << "shop paths name the user";
    EXPECT_TRUE(
        refuses([](core::config& c) { c.dialect_factory.paths = {"/ws/{id}"}; }, "dialect_factory.paths"));
    EXPECT_TRUE(
        refuses([](core::config& c) { c.dialect_progress.paths = {"/ws/x{id}"}; }, "dialect_progress.paths"));
    EXPECT_TRUE(refuses([](core::config& c) { c.dialect_progress.paths = {"/ws/{id}/{id}"}; },
                        "dialect_progress.paths"));
}

TEST(dialect_registry, counts_open_connections_per_dialect) {
    core::config cfg;
    dialect_registry r(cfg);
    EXPECT_FALSE(r.in_use(dialect_id::shop));
    r.opened(dialect_id::shop);
    r.opened(dialect_id::shop);
    r.closed(dialect_id::shop);
    EXPECT_TRUE(r.in_use(dialect_id::shop));
    EXPECT_FALSE(r.in_use(dialect_id::rooms));
    r.closed(dialect_id::shop);
    EXPECT_FALSE(r.in_use(dialect_id::shop));
}

}  // namespace
}  // namespace ordercast::protocol

#include "app/settings.hpp"
#include "app/exposure_warnings.hpp"
#include "app/profiles.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

using namespace ordercast;

namespace {
// The config_error load_settings throws for this one environment entry, or "" when it loads.
std::string environment_error(std::string entry) {
    char* env[] = {entry.data(), nullptr};
    try {
        app::load_settings("", env);
    } catch (const core::config_error& e) {
        return e.what();
    }
    return {};
}
}  // namespace

TEST(settings, every_key_is_listed_once) {
    std::set<std::string> names;
    for (const auto& d : app::describe_settings()) EXPECT_TRUE(names.insert(d.name).second) << d.name;
    EXPECT_TRUE(names.contains("server.port"));
    EXPECT_TRUE(names.contains("orders.statuses"));
    EXPECT_TRUE(names.contains("queue.spool_dir"));
    EXPECT_TRUE(names.contains("alerts.rules"));
}

TEST(settings, modules_sections_load_from_the_environment) {
    std::string statuses = "ORDERCAST_ORDERS_STATUSES=new, done";
    std::string interval = "ORDERCAST_QUEUE_UPDATE_INTERVAL_MS=100";
    std::string port = "ORDERCAST_SERVER_PORT=9100";
    std::string critical = "ORDERCAST_HUB_CRITICAL_TYPES=order_ready";
    std::string ack = "ORDERCAST_HUB_ACK_TIMEOUT_MS=250";
    char* env[] = {statuses.data(), interval.data(), port.data(), critical.data(), ack.data(), nullptr};
    auto s = app::load_settings("", env);
    // hub.critical_types is the domain's key in the hub's section; the rest of `hub` is core's.
    EXPECT_EQ(s.critical_events.critical_types, (std::vector<std::string>{"order_ready"}));
    EXPECT_EQ(s.hub.ack_timeout_ms, 250);
    EXPECT_EQ(s.orders.statuses, (std::vector<std::string>{"new", "done"}));
    EXPECT_EQ(s.queue.update_interval_ms, 100);
    EXPECT_EQ(s.server.port, 9100);
    EXPECT_EQ(s.alerts.evaluation_interval_ms, 30000) << "a default changed";
    EXPECT_EQ(app::settings{}.critical_events.critical_types.size(), 6u) << "a default changed";
}

TEST(settings, bad_module_values_name_their_key) {
    auto error = environment_error("ORDERCAST_OPERATIONS_RETENTION_S=0");
    EXPECT_NE(error.find("operations.retention_s: 0 is out of range 1..31536000"), std::string::npos)
        << error;
    error = environment_error("ORDERCAST_ORDRS_STATUSES=a,b");
    EXPECT_NE(error.find("Did you mean ORDERCAST_ORDERS_STATUSES (orders.statuses)?"), std::string::npos)
        << error;
}

TEST(settings, docs_configuration_lists_every_key_as_ordercast_config_prints_it) {
    std::ifstream in(std::string(ORDERCAST_SOURCE_DIR) + "/docs/configuration.md");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string doc = ss.str();
    ASSERT_FALSE(doc.empty());
    std::size_t previous = 0;
    for (const auto& d : app::describe_settings()) {
        std::string row = "| `" + d.name + "` | `" + d.env + "` | " + d.type + " | `" + d.default_value +
                          "` | " + d.help + " |";
        const auto at = doc.find(row);
        EXPECT_NE(at, std::string::npos) << "docs/configuration.md is missing or has an outdated row:\n"
                                         << row;
        if (at == std::string::npos) continue;
        EXPECT_GT(at, previous) << "docs/configuration.md lists " << d.name
                                << " out of `ordercast config`'s order";
        previous = at;
    }
}

// ---- profiles ----------------------------------------------------------------------------

namespace {
std::string write_temp_yaml(const std::string& text) {
    char name[] = "/tmp/ordercast-settings-XXXXXX";
    const int fd = mkstemp(name);
    std::FILE* f = fdopen(fd, "w");
    std::fputs(text.c_str(), f);
    std::fclose(f);
    return name;
}
}  // namespace

TEST(profiles, the_binary_carries_every_file_of_profiles_and_each_loads) {
    std::set<std::string> on_disk;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(ORDERCAST_SOURCE_DIR) + "/profiles"))
        if (entry.path().extension() == ".yaml") on_disk.insert(entry.path().stem().string());
    std::set<std::string> shipped;
    for (const auto& p : app::shipped_profiles()) shipped.insert(std::string(p.name));
    EXPECT_EQ(shipped, on_disk);
    EXPECT_EQ(shipped,
              (std::set<std::string>{"factory", "manufacturing", "restaurant", "scheduler", "shop"}));
    for (const auto& name : shipped) {
        char* env[] = {nullptr};
        core::config_origins origins;
        EXPECT_NO_THROW({
            auto s = app::load_settings("", env, name, &origins);
            EXPECT_EQ(s.server.profile, name);
        }) << name;
        for (const auto& [key, origin] : origins) {
            if (key == "server.profile") continue;
            EXPECT_EQ(origin, "profile " + name) << key;
        }
    }
}

TEST(profiles, the_file_overrides_the_profile_and_the_environment_overrides_both) {
    const auto path =
        write_temp_yaml("limits:\n  connections_per_node: 50\nserver:\n  idle_timeout_ms: 90000\n");
    std::string node = "ORDERCAST_LIMITS_CONNECTIONS_PER_NODE=42";
    char* env[] = {node.data(), nullptr};
    core::config_origins origins;
    auto s = app::load_settings(path, env, "factory", &origins);
    std::remove(path.c_str());
    EXPECT_EQ(s.limits.connections_per_node, 42);
    EXPECT_EQ(origins["limits.connections_per_node"], "environment ORDERCAST_LIMITS_CONNECTIONS_PER_NODE");
    EXPECT_EQ(s.server.idle_timeout_ms, 90000);
    EXPECT_EQ(origins["server.idle_timeout_ms"], path);
    EXPECT_EQ(s.orders.transitions, (std::vector<std::string>{"pending>processing", "processing>completed"}));
    EXPECT_EQ(origins["orders.transitions"], "profile factory");
    EXPECT_FALSE(origins.contains("server.port")) << "a key nobody set keeps its default";
    EXPECT_EQ(s.server.port, 8000);
}

TEST(profiles, the_profile_is_chosen_by_flag_then_environment_then_file) {
    const auto path = write_temp_yaml("server:\n  profile: factory\n");
    char* none[] = {nullptr};
    EXPECT_EQ(app::load_settings(path, none).dialect_factory.anonymous_role, "admin") << "the file's choice";
    std::string shop = "ORDERCAST_SERVER_PROFILE=shop";
    char* env[] = {shop.data(), nullptr};
    auto s = app::load_settings(path, env);
    EXPECT_EQ(s.server.profile, "shop");
    EXPECT_EQ(s.dialect_factory.anonymous_role, "") << "the environment's profile replaces the file's";
    EXPECT_EQ(app::load_settings(path, env, "factory").server.profile, "factory") << "the flag wins";
    std::remove(path.c_str());
}

TEST(profiles, an_unknown_profile_stops_start_up_naming_the_profiles) {
    char* env[] = {nullptr};
    try {
        app::load_settings("", env, "bakery");
        FAIL() << "an unknown profile loaded";
    } catch (const core::config_error& e) {
        EXPECT_NE(
            std::string(e.what()).find("server.profile: 'bakery' is not a profile; the profiles are factory, "
                                       "manufacturing, restaurant, scheduler, shop"),
            std::string::npos)
            << e.what();
    }
}

TEST(profiles, tokenless_access_is_announced) {
    char* env[] = {nullptr};
    EXPECT_TRUE(app::exposure_warnings(app::load_settings("", env)).empty()) << "the defaults expose nothing";
    const auto warnings = app::exposure_warnings(app::load_settings("", env, "factory"));
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("anyone who can reach /ws without a token reads"), std::string::npos)
        << warnings[0];
    std::string no_exp = "ORDERCAST_AUTH_REQUIRE_EXP=false";
    char* lax[] = {no_exp.data(), nullptr};
    const auto lax_warnings = app::exposure_warnings(app::load_settings("", lax));
    ASSERT_EQ(lax_warnings.size(), 1u);
    EXPECT_NE(lax_warnings[0].find("tokens without an expiry (exp) are accepted"), std::string::npos)
        << lax_warnings[0];
}

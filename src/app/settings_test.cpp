#include "app/settings.hpp"

#include <gtest/gtest.h>

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

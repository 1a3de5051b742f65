#include "auth/auto_join.hpp"

#include <gtest/gtest.h>

#include "auth/error.hpp"

namespace ordercast::auth {
namespace {

principal make(role r, std::string id, std::string site = "s1", std::vector<std::string> stations = {}) {
    principal p;
    p.user_id = std::move(id);
    p.role = r;
    p.site = std::move(site);
    p.stations = std::move(stations);
    return p;
}

std::vector<std::string> names(const std::vector<channel_name>& channels) {
    std::vector<std::string> out;
    for (const auto& c : channels) out.push_back(c.str());
    return out;
}

using strings = std::vector<std::string>;

TEST(auto_join, default_customer_joins_own_orders_and_user_channel) {
    const auto_join_rules rules;
    EXPECT_EQ(names(rules.auto_join_channels(make(role::customer, "c1"))),
              (strings{"orders:customer:c1", "user:c1"}));
}

TEST(auto_join, default_employee_and_operator_join_own_orders_user_and_site_staff) {
    const auto_join_rules rules;
    for (role r : {role::employee, role::operator_}) {
        EXPECT_EQ(names(rules.auto_join_channels(make(r, "e1"))),
                  (strings{"orders:employee:e1", "user:e1", "site:s1:staff"}));
    }
}

TEST(auto_join, default_manager_joins_user_and_site_alerts) {
    const auto_join_rules rules;
    EXPECT_EQ(names(rules.auto_join_channels(make(role::manager, "m1"))),
              (strings{"user:m1", "site:s1:alerts"}));
}

TEST(auto_join, default_admin_and_service_join_nothing) {
    const auto_join_rules rules;
    EXPECT_TRUE(rules.auto_join_channels(make(role::admin, "a")).empty());
    EXPECT_TRUE(rules.auto_join_channels(make(role::service, "svc")).empty());
}

TEST(auto_join, template_with_a_placeholder_the_principal_lacks_is_skipped) {
    const auto_join_rules rules;
    EXPECT_EQ(names(rules.auto_join_channels(make(role::employee, "e1", ""))),
              (strings{"orders:employee:e1", "user:e1"}));
}

TEST(auto_join, claim_values_that_are_not_channel_ids_are_skipped) {
    const auto_join_rules rules;
    // A site claim with ':' must not be able to produce another channel's name.
    EXPECT_EQ(names(rules.auto_join_channels(make(role::manager, "m1", "s1:staff"))), (strings{"user:m1"}));
}

TEST(auto_join, stations_placeholder_yields_one_channel_per_station) {
    const auto_join_rules rules(auto_join_table{{"operator", {"machine:{stations}:orders", "user:{sub}"}}});
    EXPECT_EQ(names(rules.auto_join_channels(make(role::operator_, "op", "s1", {"m1", "m2"}))),
              (strings{"station:m1:orders", "station:m2:orders", "user:op"}));
    EXPECT_EQ(names(rules.auto_join_channels(make(role::operator_, "op", "s1", {}))), (strings{"user:op"}));
}

TEST(auto_join, duplicates_are_joined_once) {
    const auto_join_rules rules(auto_join_table{{"customer", {"user:{sub}", "user:{sub}", "system:status"}}});
    EXPECT_EQ(names(rules.auto_join_channels(make(role::customer, "c1"))),
              (strings{"user:c1", "system:status"}));
}

TEST(auto_join, aliases_in_templates_produce_canonical_names) {
    const auto_join_rules rules(auto_join_table{{"employee", {"cafe:{site}:general"}}});
    EXPECT_EQ(names(rules.auto_join_channels(make(role::employee, "e1"))), (strings{"site:s1:general"}));
}

TEST(auto_join_config, bad_roles_and_templates_are_reported_with_exact_text) {
    const auto_join_table bad{
        {"guest", {"user:{sub}"}},
        {"customer", {"user:*", "site:{site}:lobby", "station:{stations}:{stations}", ""}},
    };
    try {
        auto_join_rules rules(bad);
        FAIL() << "invalid table accepted";
    } catch (const config_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("unknown role 'guest'"), std::string::npos) << what;
        EXPECT_NE(what.find("'user:*'"), std::string::npos) << what;
        EXPECT_NE(what.find("'site:{site}:lobby'"), std::string::npos) << what;
        EXPECT_NE(what.find("'station:{stations}:{stations}'"), std::string::npos) << what;
        EXPECT_NE(what.find("template '' is empty"), std::string::npos) << what;
    }
}

}  // namespace
}  // namespace ordercast::auth

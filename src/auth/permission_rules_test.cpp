#include "auth/permission_rules.hpp"

#include <gtest/gtest.h>

#include "auth/error.hpp"

namespace ordercast::auth {
namespace {

using verdict = access_decision::verdict;

principal make(role r, std::string id, std::string site = "s1", std::vector<std::string> stations = {}) {
    principal p;
    p.user_id = std::move(id);
    p.role = r;
    p.site = std::move(site);
    p.stations = std::move(stations);
    return p;
}

verdict check(const permission_rules& rules, const principal& who, std::string_view channel) {
    auto c = parse_channel(channel);
    EXPECT_TRUE(c.ok()) << channel;
    return c.ok() ? rules.check(who, *c).outcome : verdict::denied;
}

void expect_verdict(const permission_rules& rules, const principal& who, verdict expected,
                    std::initializer_list<std::string_view> channels) {
    for (std::string_view channel : channels) {
        EXPECT_EQ(check(rules, who, channel), expected)
            << to_string(who.role) << " " << who.user_id << " on " << channel;
    }
}

// ---- default matrix, row by row ------------------------------------------------------

TEST(permission_rules, customer_sees_own_orders_site_general_own_user_and_system) {
    const permission_rules rules;
    const principal c1 = make(role::customer, "c1");
    expect_verdict(rules, c1, verdict::allowed,
                   {"orders:customer:c1", "site:s1:general", "cafe:s1:general", "user:c1", "system:status",
                    "system:maintenance"});
}

TEST(permission_rules, each_role_hears_its_own_role_channel_managers_every_role_of_their_site) {
    const permission_rules rules;
    expect_verdict(rules, make(role::customer, "c1"), verdict::allowed, {"role:customer:s1"});
    expect_verdict(rules, make(role::customer, "c1"), verdict::denied,
                   {"role:employee:s1", "role:customer:s2", "role:manager:s1"});
    expect_verdict(rules, make(role::operator_, "o1"), verdict::allowed, {"role:operator:s1"});
    expect_verdict(rules, make(role::operator_, "o1"), verdict::denied,
                   {"role:employee:s1", "role:manager:s1"});
    expect_verdict(rules, make(role::manager, "m1"), verdict::allowed,
                   {"role:manager:s1", "role:employee:s1", "role:customer:s1"});
    expect_verdict(rules, make(role::manager, "m1"), verdict::denied, {"role:manager:s2"});
    expect_verdict(rules, make(role::admin, "a1", ""), verdict::allowed,
                   {"role:admin:anywhere", "role:manager:s2"});
}

TEST(permission_rules, customer_is_denied_another_customers_and_staff_channels) {
    const permission_rules rules;
    const principal c1 = make(role::customer, "c1");
    expect_verdict(
        rules, c1, verdict::denied,
        {"orders:customer:c2", "user:c2", "site:s2:general", "site:s1:staff", "site:s1:orders",
         "site:s1:queue", "site:s1:metrics", "station:k1:orders", "counter:k1:orders", "orders:employee:c1"});
}

TEST(permission_rules, customer_order_and_operation_channels_need_ownership) {
    const permission_rules rules;
    const principal c1 = make(role::customer, "c1");
    expect_verdict(rules, c1, verdict::needs_ownership, {"order:o1", "operation:op1"});
    const channel_name channel = *parse_channel("operation:op-7");  // d.id views into it
    const access_decision d = rules.check(c1, channel);
    EXPECT_EQ(d.kind, channel_kind::operation);
    EXPECT_EQ(d.id, "op-7");
}

TEST(permission_rules, denial_reason_is_insufficient_permissions) {
    const permission_rules rules;
    const access_decision d = rules.check(make(role::customer, "c1"), *parse_channel("orders:customer:c2"));
    EXPECT_FALSE(d.allowed());
    EXPECT_EQ(d.reason(), "insufficient_permissions");
}

TEST(permission_rules, employee_sees_own_orders_assigned_stations_and_site_staff_channels) {
    const permission_rules rules;
    for (role r : {role::employee, role::operator_}) {
        const principal e1 = make(r, "e1", "s1", {"k1", "k2"});
        expect_verdict(rules, e1, verdict::allowed,
                       {"orders:employee:e1", "station:k1:orders", "station:k2:status", "counter:k1:orders",
                        "machine:k2:status", "site:s1:staff", "site:s1:general", "site:s1:queue",
                        "site:s1:orders", "user:e1", "system:status", "system:maintenance"});
        expect_verdict(rules, e1, verdict::needs_ownership, {"order:o1", "operation:op1"});
    }
}

TEST(permission_rules, employee_is_denied_other_stations_other_sites_and_manager_channels) {
    const permission_rules rules;
    for (role r : {role::employee, role::operator_}) {
        const principal e1 = make(r, "e1", "s1", {"k1", "k2"});
        expect_verdict(rules, e1, verdict::denied,
                       {"station:k3:orders", "site:s1:metrics", "site:s1:alerts", "site:s2:staff",
                        "orders:employee:e2", "orders:customer:c1", "user:e2"});
    }
}

TEST(permission_rules, employee_without_stations_gets_no_station_channel) {
    const permission_rules rules;
    expect_verdict(rules, make(role::employee, "e1", "s1"), verdict::denied, {"station:k1:orders"});
}

TEST(permission_rules, employee_without_site_gets_no_site_channel) {
    const permission_rules rules;
    expect_verdict(rules, make(role::employee, "e1", ""), verdict::denied,
                   {"site:s1:staff", "site:s1:general"});
}

TEST(permission_rules, manager_sees_everything_in_own_site_and_all_stations_and_order_lists) {
    const permission_rules rules;
    const principal m1 = make(role::manager, "m1");
    expect_verdict(rules, m1, verdict::allowed,
                   {"site:s1:metrics", "site:s1:alerts", "site:s1:staff", "site:s1:orders", "branch:s1:queue",
                    "station:k9:status", "orders:customer:c1", "orders:employee:e1", "user:m1",
                    "system:status", "system:maintenance"});
    expect_verdict(rules, m1, verdict::needs_ownership, {"order:o1", "operation:op1"});
}

TEST(permission_rules, manager_of_another_site_is_denied) {
    const permission_rules rules;
    const principal m2 = make(role::manager, "m2", "s2");
    expect_verdict(rules, m2, verdict::denied,
                   {"site:s1:metrics", "site:s1:alerts", "cafe:s1:general", "user:m1"});
}

TEST(permission_rules, admin_and_service_see_everything) {
    const permission_rules rules;
    for (role r : {role::admin, role::service}) {
        expect_verdict(rules, make(r, "a1", ""), verdict::allowed,
                       {"order:o1", "operation:op1", "orders:customer:c1", "site:s9:metrics",
                        "station:k1:status", "user:someone", "system:maintenance"});
    }
}

// ---- ownership -----------------------------------------------------------------------

TEST(ownership_hook, default_hook_allows_staff_and_admins_and_denies_customers) {
    const default_ownership_hook hook;
    EXPECT_FALSE(hook.may_access(make(role::customer, "c1"), channel_kind::order, "o1"));
    for (role r : {role::employee, role::operator_, role::manager, role::admin, role::service}) {
        EXPECT_TRUE(hook.may_access(make(r, "x"), channel_kind::order, "o1")) << to_string(r);
    }
}

TEST(ownership_hook, authorize_resolves_owner_patterns_through_the_hook) {
    struct owns_o1 final : ownership_hook {
        mutable channel_kind seen_kind = channel_kind::system;
        mutable std::string seen_id;
        bool may_access(const principal& who, channel_kind kind, std::string_view id) const override {
            seen_kind = kind;
            seen_id = std::string(id);
            return who.user_id == "c1" && id == "o1";
        }
    } hook;
    const permission_rules rules;
    EXPECT_TRUE(authorize(rules, hook, make(role::customer, "c1"), *parse_channel("order:o1")).allowed());
    EXPECT_EQ(hook.seen_kind, channel_kind::order);
    EXPECT_EQ(hook.seen_id, "o1");
    const access_decision other =
        authorize(rules, hook, make(role::customer, "c1"), *parse_channel("order:o2"));
    EXPECT_EQ(other.outcome, verdict::denied);
    EXPECT_EQ(other.reason(), "insufficient_permissions");
}

TEST(ownership_hook, authorize_does_not_consult_the_hook_for_plain_matches_or_denials) {
    struct counting final : ownership_hook {
        mutable int calls = 0;
        bool may_access(const principal&, channel_kind, std::string_view) const override {
            ++calls;
            return true;
        }
    } hook;
    const permission_rules rules;
    EXPECT_TRUE(authorize(rules, hook, make(role::customer, "c1"), *parse_channel("user:c1")).allowed());
    EXPECT_FALSE(authorize(rules, hook, make(role::customer, "c1"), *parse_channel("user:c2")).allowed());
    EXPECT_EQ(hook.calls, 0);
}

TEST(ownership_hook, customers_are_denied_orders_with_the_default_hook) {
    const permission_rules rules;
    const default_ownership_hook hook;
    EXPECT_FALSE(authorize(rules, hook, make(role::customer, "c1"), *parse_channel("order:o1")).allowed());
    EXPECT_TRUE(authorize(rules, hook, make(role::employee, "e1"), *parse_channel("order:o1")).allowed());
}

// ---- configuration ------------------------------------------------------------------

TEST(permission_rules_config, custom_matrix_replaces_the_default) {
    const permission_rules rules(permission_matrix{{"customer", {"site:{site}:*"}}});
    const principal c1 = make(role::customer, "c1");
    EXPECT_EQ(check(rules, c1, "site:s1:metrics"), verdict::allowed);
    EXPECT_EQ(check(rules, c1, "orders:customer:c1"), verdict::denied);
}

TEST(permission_rules_config, role_missing_from_matrix_is_allowed_nothing) {
    const permission_rules rules(permission_matrix{{"customer", {"**"}}});
    EXPECT_EQ(check(rules, make(role::admin, "a"), "system:status"), verdict::denied);
}

TEST(permission_rules_config, default_matrix_is_valid) {
    EXPECT_TRUE(validate_permission_matrix(default_permission_matrix()).empty());
}

TEST(permission_rules_config, every_problem_is_reported_with_role_and_exact_pattern) {
    const permission_matrix bad{
        {"cashier", {"**"}},
        {"customer", {"user:{sub}", "site:{cafe}:general"}},
        {"manager", {"**:site"}},
    };
    const std::vector<std::string> problems = validate_permission_matrix(bad);
    ASSERT_EQ(problems.size(), 3u);
    std::string all;
    for (const auto& p : problems) all += p + "\n";
    EXPECT_NE(all.find("unknown role 'cashier'"), std::string::npos) << all;
    EXPECT_NE(all.find("permissions.customer: permission pattern 'site:{cafe}:general'"), std::string::npos)
        << all;
    EXPECT_NE(all.find("permissions.manager: permission pattern '**:site'"), std::string::npos) << all;

    try {
        permission_rules rules(bad);
        FAIL() << "invalid matrix accepted";
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("'site:{cafe}:general'"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("'cashier'"), std::string::npos);
    }
}

}  // namespace
}  // namespace ordercast::auth

// Who may watch, drive and cancel an operation, and how the permission matrix hands
// operation:{id} to the ownership hook.
#include "domain/operations/operation_access.hpp"

#include <gtest/gtest.h>

#include "auth/channel_name.hpp"
#include "auth/permission_rules.hpp"

namespace ordercast::domain::operations {
namespace {

auth::principal who(std::string sub, auth::role role, std::string site = {}) {
    return auth::principal{std::move(sub), role, std::move(site), {}, 0};
}

store::operation_record op() {
    store::operation_record o;
    o.id = "op1";
    o.owner_id = "alice";
    o.created_by = "worker-1";
    o.site_id = "s1";
    return o;
}

TEST(operation_access, owner_creator_site_staff_and_admins_may_watch) {
    EXPECT_TRUE(may_watch(who("alice", auth::role::customer, "s1"), op()));
    EXPECT_TRUE(may_watch(who("worker-1", auth::role::service), op()));
    EXPECT_TRUE(may_watch(who("e1", auth::role::employee, "s1"), op()));
    EXPECT_TRUE(may_watch(who("m1", auth::role::manager, "s1"), op()));
    EXPECT_TRUE(may_watch(who("root", auth::role::admin), op()));
    EXPECT_FALSE(may_watch(who("bob", auth::role::customer, "s1"), op()));
    EXPECT_FALSE(may_watch(who("e2", auth::role::employee, "s2"), op()));
    EXPECT_FALSE(may_watch(who("e3", auth::role::employee), op()));
}

TEST(operation_access, only_the_creator_and_privileged_roles_drive_it) {
    EXPECT_TRUE(may_drive(who("worker-1", auth::role::employee, "s9"), op()));
    EXPECT_TRUE(may_drive(who("backend", auth::role::service), op()));
    EXPECT_FALSE(may_drive(who("alice", auth::role::customer, "s1"), op()));
    EXPECT_FALSE(may_drive(who("m1", auth::role::manager, "s1"), op()));
}

TEST(operation_access, the_default_matrix_asks_the_ownership_hook_for_operation_channels) {
    const auth::permission_rules rules;
    auto channel = auth::parse_channel("operation:op1");
    ASSERT_TRUE(channel);
    for (auto role : {auth::role::customer, auth::role::employee, auth::role::operator_, auth::role::manager})
        EXPECT_EQ(rules.check(who("u", role, "s1"), channel.value()).outcome,
                  auth::access_decision::verdict::needs_ownership)
            << auth::to_string(role);
    EXPECT_EQ(rules.check(who("u", auth::role::admin), channel.value()).outcome,
              auth::access_decision::verdict::allowed);
}

}  // namespace
}  // namespace ordercast::domain::operations

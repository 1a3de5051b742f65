#include "domain/status_machine.hpp"

#include <gtest/gtest.h>

namespace ordercast::domain {
namespace {

TEST(status_machine, default_path_moves_forward_one_step_at_a_time) {
    status_machine m{orders_config{}};
    EXPECT_EQ(m.initial(), "pending");
    EXPECT_TRUE(m.allows("pending", "confirmed"));
    EXPECT_TRUE(m.allows("confirmed", "in_progress"));
    EXPECT_TRUE(m.allows("in_progress", "ready"));
    EXPECT_TRUE(m.allows("ready", "completed"));
    EXPECT_FALSE(m.allows("pending", "ready"));
    EXPECT_FALSE(m.allows("ready", "pending"));
}

TEST(status_machine, cancelled_and_failed_are_reachable_from_every_open_status_only) {
    status_machine m{orders_config{}};
    for (const char* open : {"pending", "confirmed", "in_progress", "ready"}) {
        EXPECT_TRUE(m.allows(open, "cancelled")) << open;
        EXPECT_TRUE(m.allows(open, "failed")) << open;
    }
    for (const char* closed : {"completed", "cancelled", "failed"}) {
        EXPECT_TRUE(m.next(closed).empty()) << closed;
    }
    EXPECT_FALSE(m.allows("completed", "in_progress"));
}

TEST(status_machine, completion_is_terminal_but_not_abort) {
    status_machine m{orders_config{}};
    EXPECT_TRUE(m.is_completion("completed"));
    EXPECT_FALSE(m.is_completion("cancelled"));
    EXPECT_FALSE(m.is_completion("ready"));
}

TEST(status_machine, configured_machine_replaces_the_default) {
    orders_config c;
    c.statuses = {"new", "preparing", "done", "void"};
    c.initial_status = "new";
    c.transitions = {"new>preparing", "preparing>done"};
    c.terminal_statuses = {"done", "void"};
    c.abort_statuses = {"void"};
    status_machine m{c};
    EXPECT_TRUE(m.allows("new", "preparing"));
    EXPECT_TRUE(m.allows("preparing", "void"));
    EXPECT_FALSE(m.allows("pending", "confirmed"));
    EXPECT_EQ(m.next("new"), (std::vector<std::string>{"preparing", "void"}));
}

TEST(status_machine, bad_configuration_names_the_key) {
    auto expect_error = [](orders_config c, const std::string& key) {
        try {
            status_machine m{c};
            ADD_FAILURE() << "accepted a machine that should fail on " << key;
        } catch (const core::config_error& e) {
            EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
        }
    };
    orders_config typo;
    typo.transitions = {"pending>confirmd"};
    expect_error(typo, "orders.transitions");
    orders_config arrow;
    arrow.transitions = {"pending-confirmed"};
    expect_error(arrow, "orders.transitions");
    orders_config out_of_terminal;
    out_of_terminal.transitions = {"completed>pending"};
    expect_error(out_of_terminal, "orders.transitions");
    orders_config initial;
    initial.initial_status = "nope";
    expect_error(initial, "orders.initial_status");
}

}  // namespace
}  // namespace ordercast::domain

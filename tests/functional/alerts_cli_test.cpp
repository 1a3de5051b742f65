// `ordercast alerts ...` end to end against the running server, as a floor manager types
// it: raise, list, show, ack, resolve, watch, and the refusals.
#include "functional/orders_fixture.hpp"

#include <signal.h>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace ordercast::test {
namespace {

class alerts_cli : public orders_test {
protected:
    void SetUp() override { port_ = start_server({}).port(); }

    env_map cli_env(const std::string& bearer) const {
        return {{"ORDERCAST_TOKEN", bearer},
                {"ORDERCAST_SERVER", "http://127.0.0.1:" + std::to_string(port_)},
                {"ORDERCAST_AUTH_JWT_SECRET", k_test_secret}};
    }
    process_result alerts(std::vector<std::string> args, const std::string& bearer = {}) {
        args.insert(args.begin(), "alerts");
        return run_process(ordercast_binary(), std::move(args), cli_env(bearer.empty() ? manager() : bearer),
                           std::chrono::seconds(15));
    }
    std::uint16_t port_ = 0;
};

TEST_F(alerts_cli, raise_list_show_ack_and_resolve) {
    auto raised = alerts({"--json", "raise", "--site", "s1", "--severity", "critical", "--category", "cutter",
                          "--message", "cutter c1 blade worn"});
    ASSERT_EQ(raised.exit_code, 0) << raised.err;
    const auto id = json_value::parse(raised.out).str("/id").value_or("");
    ASSERT_FALSE(id.empty()) << raised.out;

    auto listed = alerts({"list", "--state", "open"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.out.find(id + "  open          critical  site s1  cutter  \"cutter c1 blade worn\""),
              std::string::npos)
        << listed.out;

    auto acked = alerts({"ack", id});
    ASSERT_EQ(acked.exit_code, 0) << acked.err;
    EXPECT_NE(acked.out.find("acknowledged  critical"), std::string::npos) << acked.out;
    EXPECT_NE(acked.out.find("acknowledged by m1"), std::string::npos) << acked.out;

    auto resolved = alerts({"resolve", id});
    ASSERT_EQ(resolved.exit_code, 0) << resolved.err;
    EXPECT_NE(resolved.out.find("resolved by m1"), std::string::npos) << resolved.out;

    auto shown = alerts({"show", id});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_NE(shown.out.find(id + "  resolved"), std::string::npos) << shown.out;
    auto none_open = alerts({"list", "--state", "open"});
    ASSERT_EQ(none_open.exit_code, 0) << none_open.err;
    EXPECT_EQ(none_open.out, "no alerts\n");
}

TEST_F(alerts_cli, refusals_print_the_servers_code_and_exit_1) {
    auto other_site = alerts({"raise", "--site", "s1", "--message", "x"}, other_site_staff());
    EXPECT_EQ(other_site.exit_code, 1);
    EXPECT_NE(other_site.err.find("INSUFFICIENT_PERMISSIONS"), std::string::npos) << other_site.err;
    auto unknown = alerts({"ack", "no-such-alert"});
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.err.find("NOT_FOUND"), std::string::npos) << unknown.err;
    auto bad_state = alerts({"list", "--state", "sleeping"});
    EXPECT_EQ(bad_state.exit_code, 1);
    EXPECT_FALSE(bad_state.err.empty());
    auto no_message = alerts({"raise", "--site", "s1"});
    EXPECT_EQ(no_message.exit_code, 2) << "a missing required option is bad usage: " << no_message.err;
}

TEST_F(alerts_cli, watch_shows_alerts_as_they_are_raised_and_acknowledged) {
    temp_dir logs("ordercast-alerts-watch");
    auto out = logs / "out", err = logs / "err";
    pid_t pid = spawn_process(ordercast_binary(),
                              {"alerts", "watch", "--site", "s1", "--count", "2", "--timeout", "20"},
                              child_environment(cli_env(manager())), out, err);
    ASSERT_TRUE(
        eventually([&] { return read_file(out).find("watching site:s1:alerts") != std::string::npos; }, 10s))
        << read_file(out) << read_file(err);
    auto raised =
        alerts({"--json", "raise", "--site", "s1", "--severity", "warning", "--message", "queue is long"});
    ASSERT_EQ(raised.exit_code, 0) << raised.err;
    const auto id = json_value::parse(raised.out).str("/id").value_or("");
    ASSERT_EQ(alerts({"ack", id}).exit_code, 0);
    auto code = wait_for_exit(pid, 10s);
    if (!code) ::kill(pid, SIGKILL);
    ASSERT_EQ(code, 0) << read_file(out) << read_file(err);
    auto text = read_file(out);
    EXPECT_NE(text.find("alert  " + id + "  warning  operations  \"queue is long\""), std::string::npos)
        << text;
    EXPECT_NE(text.find("alert_acknowledged  " + id + "  by m1"), std::string::npos) << text;
}

// The README writes the group's options after the subcommand; the environment here has no
// ORDERCAST_SERVER or ORDERCAST_TOKEN, so only the options can reach this server.
TEST_F(alerts_cli, group_options_after_the_subcommand_reach_the_server) {
    const std::string url = "http://127.0.0.1:" + std::to_string(port_);
    const env_map no_defaults = {{"ORDERCAST_AUTH_JWT_SECRET", k_test_secret}};
    auto raised = run_process(ordercast_binary(),
                              {"alerts", "raise", "--site", "s1", "--message", "blade worn", "--server", url,
                               "--token", manager(), "--json"},
                              no_defaults);
    ASSERT_EQ(raised.exit_code, 0) << raised.err;
    const auto id = json_value::parse(raised.out).str("/id").value_or("");
    ASSERT_FALSE(id.empty()) << raised.out;
    auto shown = run_process(ordercast_binary(),
                             {"alerts", "show", id, "--server", url, "--token", manager()}, no_defaults);
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_NE(shown.out.find("blade worn"), std::string::npos) << shown.out;
    auto watched = run_process(
        ordercast_binary(),
        {"alerts", "watch", "--site", "s1", "--server", url, "--token", manager(), "--timeout", "1"},
        no_defaults);
    ASSERT_EQ(watched.exit_code, 0) << watched.err;
    EXPECT_NE(watched.out.find("watching site:s1:alerts"), std::string::npos) << watched.out;
}

}  // namespace
}  // namespace ordercast::test

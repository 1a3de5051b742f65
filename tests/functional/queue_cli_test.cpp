// `ordercast queue ...` end to end against the running server, as an operator types it:
// every subcommand, its summary output and its refusals.
#include "functional/queue_fixture.hpp"

#include <signal.h>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace ordercast::test {
namespace {

class queue_cli : public queue_test {
protected:
    void SetUp() override { port_ = start_server({{"ORDERCAST_QUEUE_UPDATE_INTERVAL_MS", "100"}}).port(); }

    env_map cli_env(const std::string& bearer) const {
        return {{"ORDERCAST_TOKEN", bearer},
                {"ORDERCAST_SERVER", "http://127.0.0.1:" + std::to_string(port_)},
                {"ORDERCAST_AUTH_JWT_SECRET", k_test_secret}};
    }
    process_result queue(std::vector<std::string> args, const std::string& bearer = {}) {
        args.insert(args.begin(), "queue");
        return run_process(ordercast_binary(), std::move(args),
                           cli_env(bearer.empty() ? operator_c1() : bearer), std::chrono::seconds(15));
    }
    std::uint16_t port_ = 0;
};

TEST_F(queue_cli, submit_status_list_process_next_complete_fail_retry_and_cancel) {
    auto submitted =
        queue({"--json", "submit", "--priority", "HIGH", "--garment", "jacket", "--fabric-cm", "53.8"});
    ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
    const auto first = json_value::parse(submitted.out).str("/id").value_or("");
    ASSERT_FALSE(first.empty()) << submitted.out;
    auto second_out = queue({"submit", "--priority", "LOW"});
    ASSERT_EQ(second_out.exit_code, 0) << second_out.err;
    EXPECT_NE(second_out.out.find("QUEUED"), std::string::npos) << second_out.out;
    const auto second = second_out.out.substr(0, second_out.out.find(' '));

    auto status = queue({"status"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    EXPECT_NE(status.out.find("site s1  pending 2  processing 0  completed 0  failed 0  paused no"),
              std::string::npos)
        << status.out;
    auto listed = queue({"list", "--status", "QUEUED"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.out.find(first), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find(second), std::string::npos) << listed.out;

    auto next = queue({"process-next", "--station", "c1"});
    ASSERT_EQ(next.exit_code, 0) << next.err;
    EXPECT_NE(next.out.find(first + "  PROCESSING"), std::string::npos) << "HIGH before LOW: " << next.out;
    EXPECT_NE(next.out.find("station c1"), std::string::npos) << next.out;
    auto completed = queue({"complete", first, "--notes", "clean cut"});
    ASSERT_EQ(completed.exit_code, 0) << completed.err;
    EXPECT_NE(completed.out.find("COMPLETED"), std::string::npos) << completed.out;

    auto processing = queue({"process", second, "--station", "c1"});
    ASSERT_EQ(processing.exit_code, 0) << processing.err;
    EXPECT_NE(processing.out.find("PROCESSING"), std::string::npos) << processing.out;
    auto failed = queue({"fail", second, "--error", "blade broken", "--code", "BLADE"});
    ASSERT_EQ(failed.exit_code, 0) << failed.err;
    EXPECT_NE(failed.out.find("FAILED"), std::string::npos) << failed.out;
    EXPECT_NE(failed.out.find("error: blade broken"), std::string::npos) << failed.out;
    auto retried = queue({"retry", second});
    ASSERT_EQ(retried.exit_code, 0) << retried.err;
    EXPECT_NE(retried.out.find("QUEUED"), std::string::npos) << retried.out;
    auto cancelled = queue({"cancel", second, "--reason", "fabric out"});
    ASSERT_EQ(cancelled.exit_code, 0) << cancelled.err;
    EXPECT_NE(cancelled.out.find("CANCELLED"), std::string::npos) << cancelled.out;

    auto none = queue({"process-next"});
    ASSERT_EQ(none.exit_code, 0) << none.err;
    EXPECT_NE(none.out.find("no job is waiting"), std::string::npos) << none.out;

    // Refusals exit 1 with the server's code and sentence.
    auto refused = queue({"complete", second});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("INVALID_JOB_STATUS"), std::string::npos) << refused.err;
    auto customer = queue({"status"}, alice());
    EXPECT_EQ(customer.exit_code, 1);
    EXPECT_NE(customer.err.find("INSUFFICIENT_PERMISSIONS"), std::string::npos) << customer.err;
    auto usage = queue({"fail", second});
    EXPECT_NE(usage.exit_code, 0) << "--error is required: " << usage.err;
}

TEST_F(queue_cli, pause_and_resume_the_queue_and_a_station) {
    submit_id("{}");
    auto paused = queue({"pause"}, manager());
    ASSERT_EQ(paused.exit_code, 0) << paused.err;
    EXPECT_NE(paused.out.find("paused yes"), std::string::npos) << paused.out;
    auto refused = queue({"process-next"});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("QUEUE_PAUSED"), std::string::npos) << refused.err;
    auto resumed = queue({"resume"}, manager());
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_NE(resumed.out.find("paused no"), std::string::npos) << resumed.out;
    auto station = queue({"pause", "--station", "c1"}, manager());
    ASSERT_EQ(station.exit_code, 0) << station.err;
    EXPECT_NE(station.out.find("paused stations c1"), std::string::npos) << station.out;
    EXPECT_EQ(queue({"process-next", "--station", "c1"}).exit_code, 1);
    ASSERT_EQ(queue({"resume", "--station", "c1"}, manager()).exit_code, 0);
    EXPECT_EQ(queue({"process-next", "--station", "c1"}).exit_code, 0);
}

TEST_F(queue_cli, watch_shows_job_changes_and_counters_live) {
    temp_dir logs("ordercast-queue-watch");
    auto out = logs / "out", err = logs / "err";
    pid_t pid = spawn_process(ordercast_binary(), {"queue", "watch", "--count", "2", "--timeout", "20"},
                              child_environment(cli_env(operator_c1())), out, err);
    ASSERT_TRUE(
        eventually([&] { return read_file(out).find("watching site:s1:queue") != std::string::npos; }, 10s))
        << read_file(out) << read_file(err);
    const auto id = submit_id("{}");
    auto code = wait_for_exit(pid, 10s);
    if (!code) ::kill(pid, SIGKILL);
    ASSERT_EQ(code, 0) << read_file(out) << read_file(err);
    auto text = read_file(out);
    EXPECT_NE(text.find("job " + id + "  (new) -> QUEUED  by e1"), std::string::npos) << text;
    EXPECT_NE(text.find("queue_update  site s1  pending 1"), std::string::npos) << text;
}

// The README writes the group's options after the subcommand; the environment here has no
// ORDERCAST_SERVER or ORDERCAST_TOKEN, so only the options can reach this server.
TEST_F(queue_cli, group_options_after_the_subcommand_reach_the_server) {
    const std::string url = "http://127.0.0.1:" + std::to_string(port_);
    const env_map no_defaults = {{"ORDERCAST_AUTH_JWT_SECRET", k_test_secret}};
    auto submitted = run_process(
        ordercast_binary(),
        {"queue", "submit", "--priority", "HIGH", "--server", url, "--token", operator_c1(), "--json"},
        no_defaults);
    ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
    EXPECT_EQ(json_value::parse(submitted.out).str("/status"), "QUEUED") << submitted.out;
    auto watched = run_process(
        ordercast_binary(), {"queue", "watch", "--server", url, "--token", operator_c1(), "--timeout", "1"},
        no_defaults);
    ASSERT_EQ(watched.exit_code, 0) << watched.err;
    EXPECT_NE(watched.out.find("watching site:s1:queue"), std::string::npos) << watched.out;
}

}  // namespace
}  // namespace ordercast::test

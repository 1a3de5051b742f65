// The factory's command line, `sds`, end to end: the binary run through its `sds` symlink
// (build/sds) and as `ordercast sds ...`, against a running server and a real store, with the
// command names and meanings of the factory's operations manual.
#include "functional/queue_fixture.hpp"

#include <filesystem>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace ordercast::test {
namespace {

// The symlink the build puts beside the binary.
std::string sds_binary() {
    return (std::filesystem::path(ordercast_binary()).parent_path() / "sds").string();
}

class sds_cli : public queue_test {
protected:
    void SetUp() override { port_ = start_server({{"ORDERCAST_QUEUE_UPDATE_INTERVAL_MS", "100"}}).port(); }

    env_map cli_env(const std::string& bearer) const {
        env_map env = {{"ORDERCAST_SERVER", "http://127.0.0.1:" + std::to_string(port_)},
                       {"ORDERCAST_AUTH_JWT_SECRET", k_test_secret}};
        if (!bearer.empty()) env["ORDERCAST_TOKEN"] = bearer;
        return env;
    }
    // `sds args...` through the symlink.
    process_result sds(std::vector<std::string> args, const std::string& bearer) {
        return run_process(sds_binary(), std::move(args), cli_env(bearer), std::chrono::seconds(15));
    }
    // `ordercast sds args...`.
    process_result ordercast_sds(std::vector<std::string> args, const std::string& bearer) {
        args.insert(args.begin(), "sds");
        return run_process(ordercast_binary(), std::move(args), cli_env(bearer), std::chrono::seconds(15));
    }
    // Both ways of calling it, one after the other: what `check` asserts holds for each.
    template <class F>
    void both(const std::vector<std::string>& args, const std::string& bearer, F&& check) {
        {
            SCOPED_TRACE("sds " + args.front());
            check(sds(args, bearer));
        }
        {
            SCOPED_TRACE("ordercast sds " + args.front());
            check(ordercast_sds(args, bearer));
        }
    }
    std::uint16_t port_ = 0;
};

TEST_F(sds_cli, the_symlink_exists_beside_the_binary) {
    const std::filesystem::path link(sds_binary());
    ASSERT_TRUE(std::filesystem::is_symlink(link)) << link;
    EXPECT_EQ(std::filesystem::read_symlink(link), "ordercast");
}

TEST_F(sds_cli, queue_status_prints_the_manuals_counters) {
    submit_id("{}");
    both({"queue", "status", "--json"}, operator_c1(), [](const process_result& r) {
        ASSERT_EQ(r.exit_code, 0) << r.err;
        // The manual's GET /queue/status: {"pending","processing","completed","failed","paused"}.
        auto status = json_value::parse(r.out);
        EXPECT_EQ(status.i64("/pending"), 1) << r.out;
        EXPECT_EQ(status.i64("/processing"), 0) << r.out;
        EXPECT_EQ(status.i64("/completed"), 0) << r.out;
        EXPECT_EQ(status.i64("/failed"), 0) << r.out;
        EXPECT_EQ(status.boolean("/paused"), false) << r.out;
    });
    both({"queue", "status"}, operator_c1(), [](const process_result& r) {
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(r.out, "site s1  pending 1  processing 0  completed 0  failed 0  paused no\n");
    });
}

TEST_F(sds_cli, queue_priority_then_process_takes_the_next_job) {
    const auto low = submit_id(R"({"priority":"LOW"})");
    const auto normal = submit_id(R"({"priority":"NORMAL"})");

    auto raised = sds({"queue", "priority", low, "URGENT"}, operator_c1());
    ASSERT_EQ(raised.exit_code, 0) << raised.err;
    EXPECT_EQ(raised.out.rfind(low + "  QUEUED      URGENT  order -  station -", 0), 0u) << raised.out;

    // `process` without a job takes the next one by score: the job raised to URGENT.
    auto first = sds({"queue", "process", "--station", "c1"}, operator_c1());
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_EQ(first.out.rfind(low + "  PROCESSING  URGENT  order -  station c1", 0), 0u) << first.out;
    auto second = ordercast_sds({"queue", "process"}, operator_c1());
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_EQ(second.out.rfind(normal + "  PROCESSING  NORMAL", 0), 0u) << second.out;
    both({"queue", "process"}, operator_c1(), [](const process_result& r) {
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(r.out, "no job is waiting\n");
    });
    EXPECT_EQ(job_status(low), "PROCESSING");

    // With a job id, `process` still starts that job; the manual's process-next is there too.
    const auto third = submit_id("{}");
    const auto fourth = submit_id("{}");
    auto named = ordercast_sds({"queue", "process", fourth}, operator_c1());
    ASSERT_EQ(named.exit_code, 0) << named.err;
    EXPECT_EQ(named.out.rfind(fourth + "  PROCESSING", 0), 0u) << named.out;
    auto next = sds({"queue", "process-next"}, operator_c1());
    ASSERT_EQ(next.exit_code, 0) << next.err;
    EXPECT_EQ(next.out.rfind(third + "  PROCESSING", 0), 0u) << next.out;

    // Refusals: a level that is none, a job that is processing, bad usage.
    auto bad_level = sds({"queue", "priority", fourth, "SOON"}, operator_c1());
    EXPECT_EQ(bad_level.exit_code, 1);
    EXPECT_NE(bad_level.err.find("priority"), std::string::npos) << bad_level.err;
    auto processing = ordercast_sds({"queue", "priority", fourth, "1"}, operator_c1());
    EXPECT_EQ(processing.exit_code, 1);
    EXPECT_NE(processing.err.find("INVALID_JOB_STATUS"), std::string::npos) << processing.err;
    EXPECT_EQ(sds({"queue", "priority", fourth}, operator_c1()).exit_code, 2) << "the level is required";
    auto customer = sds({"queue", "priority", fourth, "HIGH"}, alice());
    EXPECT_EQ(customer.exit_code, 1);
    EXPECT_NE(customer.err.find("INSUFFICIENT_PERMISSIONS"), std::string::npos) << customer.err;
}

TEST_F(sds_cli, the_other_queue_commands_answer_under_sds) {
    const auto id = submit_id("{}");
    auto listed = sds({"queue", "list"}, operator_c1());
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.out.find(id + "  QUEUED"), std::string::npos) << listed.out;
    auto paused = ordercast_sds({"queue", "pause"}, manager());
    ASSERT_EQ(paused.exit_code, 0) << paused.err;
    EXPECT_NE(paused.out.find("paused yes"), std::string::npos) << paused.out;
    auto resumed = sds({"queue", "resume"}, manager());
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_NE(resumed.out.find("paused no"), std::string::npos) << resumed.out;
    auto cancelled = sds({"queue", "cancel", id}, operator_c1());
    ASSERT_EQ(cancelled.exit_code, 0) << cancelled.err;
    EXPECT_NE(cancelled.out.find("CANCELLED"), std::string::npos) << cancelled.out;
    auto retried = ordercast_sds({"queue", "retry", id}, operator_c1());
    EXPECT_EQ(retried.exit_code, 1) << "a cancelled job is not retried: " << retried.out;
    EXPECT_NE(retried.err.find("INVALID_JOB_STATUS"), std::string::npos) << retried.err;
}

TEST_F(sds_cli, monitor_status_shows_health_jobs_waits_priorities_and_failures) {
    submit_id(R"({"priority":"HIGH"})");
    submit_id(R"({"priority":"LOW"})");
    const auto failing = next_job();
    ASSERT_EQ(act(failing, "fail", R"({"error":"blade broken"})").status, 200);

    // No token: the public figures of every site.
    both({"monitor", "status"}, {}, [&](const process_result& r) {
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_NE(r.out.find("server        http://127.0.0.1:" + std::to_string(port_) + "  ok\n"),
                  std::string::npos)
            << r.out;
        EXPECT_NE(
            r.out.find(
                "jobs          pending 1  processing 0  completed 0  failed 1  cancelled 0  (all sites)\n"),
            std::string::npos)
            << r.out;
        EXPECT_NE(r.out.find("waiting       urgent 0  high 0  normal 0  low 1  (by priority)\n"),
                  std::string::npos)
            << r.out;
        EXPECT_NE(r.out.find("failure rate  100.0 %"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("wait          average "), std::string::npos) << r.out;
        EXPECT_EQ(r.out.find("site          "), std::string::npos) << "no token, no site line: " << r.out;
    });
    // A staff token adds its site, paused or not.
    auto with_site = sds({"monitor", "status"}, operator_c1());
    ASSERT_EQ(with_site.exit_code, 0) << with_site.err;
    EXPECT_NE(
        with_site.out.find("site          s1  pending 1  processing 0  completed 0  failed 1  paused no\n"),
        std::string::npos)
        << with_site.out;

    auto json = ordercast_sds({"monitor", "status", "--json"}, operator_c1());
    ASSERT_EQ(json.exit_code, 0) << json.err;
    auto m = json_value::parse(json.out);
    EXPECT_EQ(m.str("/status"), "ok") << json.out;
    EXPECT_EQ(m.i64("/queue/pending"), 1) << json.out;
    EXPECT_EQ(m.i64("/queue/failed"), 1) << json.out;
    EXPECT_EQ(m.i64("/queuedByPriority/low"), 1) << json.out;
    EXPECT_EQ(m.number("/failureRate"), 1.0) << json.out;
    EXPECT_TRUE(m.number("/waitAverageSeconds").has_value()) << json.out;
    EXPECT_EQ(m.str("/site/siteId"), "s1") << json.out;

    // A server that is not there: exit 1 with the reason.
    auto gone = run_process(sds_binary(), {"monitor", "status", "--server", "http://127.0.0.1:1"}, {},
                            std::chrono::seconds(15));
    EXPECT_EQ(gone.exit_code, 1);
    EXPECT_FALSE(gone.err.empty());
}

TEST_F(sds_cli, db_status_schema_and_test_order_on_the_local_store) {
    temp_dir dir("ordercast-sds-db");
    const std::string data = (dir / "data").string();
    auto migrated = sds({"db", "migrate", "--data-dir", data}, {});
    ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
    both({"db", "status", "--data-dir", data}, {}, [](const process_result& r) {
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(r.out.rfind("engine:          sqlite\n", 0), 0u) << r.out;
        EXPECT_NE(r.out.find("pending:         none\n"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("sync:            local only"), std::string::npos) << r.out;
    });
    both({"db", "schema", "--data-dir", data}, {}, [](const process_result& r) {
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(r.out.rfind("-- migration 001 ", 0), 0u) << r.out;
        EXPECT_EQ(r.out.find("(pending)"), std::string::npos) << r.out;
    });
    auto made = ordercast_sds({"db", "test-order", "--data-dir", data}, {});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    EXPECT_EQ(made.out.rfind("created test order\n", 0), 0u) << made.out;
    auto status = sds({"db", "status", "--data-dir", data}, {});
    EXPECT_NE(status.out.find("orders:          1\n"), std::string::npos) << status.out;
}

TEST_F(sds_cli, db_sync_db_watch_and_sizes_say_plainly_that_they_are_not_available) {
    for (const auto& [args, says] : std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"db", "sync"}, "sds: `db sync` is not available yet: this version of ordercast does not sync"},
             {{"db", "watch"}, "sds: `db watch` is not available yet: there is no sync to watch"},
             {{"sizes", "--template", "jacket"},
              "sds: `sizes` is not available yet: this version of ordercast has no size chart"}}) {
        both(args, {}, [&](const process_result& r) {
            EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
            EXPECT_EQ(r.err.rfind(says, 0), 0u) << r.err;
            EXPECT_TRUE(r.out.empty()) << r.out;
        });
    }
}

TEST_F(sds_cli, help_lists_the_factorys_commands_and_not_the_servers) {
    both({"--help"}, {}, [](const process_result& r) {
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_NE(r.out.find("Usage: sds [OPTIONS] SUBCOMMAND"), std::string::npos) << r.out;
        for (const char* command : {"queue", "db", "monitor", "orders", "alerts", "sizes"})
            EXPECT_NE(r.out.find(std::string("\n  ") + command + " "), std::string::npos) << command << r.out;
        for (const char* command : {"serve", "token", "config"})
            EXPECT_EQ(r.out.find(std::string("\n  ") + command + " "), std::string::npos) << command << r.out;
    });
    auto queue_help = sds({"queue", "--help"}, {});
    EXPECT_NE(queue_help.out.find("\n  priority "), std::string::npos) << queue_help.out;
    auto db_help = sds({"db", "--help"}, {});
    for (const char* command : {"status", "sync", "watch", "test-order", "schema"})
        EXPECT_NE(db_help.out.find(std::string("\n  ") + command + " "), std::string::npos)
            << command << db_help.out;
    auto ordercast_help = run_process(ordercast_binary(), {"--help"});
    EXPECT_NE(ordercast_help.out.find("\n  sds "), std::string::npos) << ordercast_help.out;
    EXPECT_EQ(sds({"serve"}, {}).exit_code, 2) << "the server's commands are ordercast's";
    auto misplaced = run_process(ordercast_binary(), {"db", "sds"});
    EXPECT_EQ(misplaced.exit_code, 2);
}

}  // namespace
}  // namespace ordercast::test

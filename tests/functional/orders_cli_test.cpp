// The command line end to end: `ordercast orders ...` against the running server and
// `ordercast db ...` on a data directory, as a person would type them.
#include "functional/orders_fixture.hpp"

#include <regex>

#include <signal.h>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace ordercast::test {
namespace {

class orders_cli : public orders_test {
protected:
    void SetUp() override { port_ = start_server().port(); }

    env_map cli_env(const std::string& bearer) const {
        return {{"ORDERCAST_TOKEN", bearer},
                {"ORDERCAST_SERVER", "http://127.0.0.1:" + std::to_string(port_)},
                {"ORDERCAST_AUTH_JWT_SECRET", k_test_secret}};
    }
    process_result ordercast(std::vector<std::string> args, const std::string& bearer) {
        return run_process(ordercast_binary(), std::move(args), cli_env(bearer), std::chrono::seconds(15));
    }
    std::uint16_t port_ = 0;
};

TEST_F(orders_cli, create_get_list_and_update_work_end_to_end) {
    auto created =
        ordercast({"orders", "--json", "create", "--customer", "alice", "--item", "Cappuccino:2:3.5",
                   "--item", "Croissant", "--total", "9.5", "--eta", "8", "--priority", "high"},
                  staff());
    ASSERT_EQ(created.exit_code, 0) << created.err;
    auto order = json_value::parse(created.out);
    auto id = order.str("/id").value_or("");
    ASSERT_FALSE(id.empty()) << created.out;
    EXPECT_EQ(order.str("/items/0/name"), "Cappuccino");
    EXPECT_EQ(order.i64("/items/0/quantity"), 2);
    EXPECT_EQ(order.number("/totalAmount"), 9.5);
    EXPECT_EQ(order.str("/priority"), "high");

    auto got = ordercast({"orders", "get", id}, alice());
    ASSERT_EQ(got.exit_code, 0) << got.err;
    EXPECT_NE(got.out.find(id), std::string::npos) << got.out;
    EXPECT_NE(got.out.find("pending"), std::string::npos) << got.out;

    auto updated = ordercast(
        {"orders", "update", id, "--status", "confirmed", "--progress", "30", "--if-match", "1"}, staff());
    ASSERT_EQ(updated.exit_code, 0) << updated.err;
    EXPECT_NE(updated.out.find("confirmed"), std::string::npos) << updated.out;
    EXPECT_NE(updated.out.find("30%"), std::string::npos) << updated.out;

    auto listed = ordercast({"orders", "list", "--status", "confirmed"}, staff());
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.out.find(id), std::string::npos) << listed.out;
    auto none = ordercast({"orders", "list", "--status", "ready"}, staff());
    EXPECT_EQ(none.out.find(id), std::string::npos) << none.out;
}

TEST_F(orders_cli, refusals_exit_1_with_the_servers_code_and_sentence) {
    auto id = create_order_id(staff(), "{}");
    auto refused = ordercast({"orders", "update", id, "--status", "completed"}, staff());
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("INVALID_ORDER_STATUS: Cannot transition from 'pending' to 'completed'"),
              std::string::npos)
        << refused.err;
    auto hidden = ordercast({"orders", "get", id}, bob());
    EXPECT_EQ(hidden.exit_code, 1);
    EXPECT_NE(hidden.err.find("NOT_FOUND"), std::string::npos) << hidden.err;
    auto no_token = ordercast({"orders", "list"}, "");
    EXPECT_EQ(no_token.exit_code, 1);
    EXPECT_NE(no_token.err.find("ORDERCAST_TOKEN"), std::string::npos) << no_token.err;
    auto unreachable = run_process(ordercast_binary(), {"orders", "--server", "http://127.0.0.1:1", "list"},
                                   {{"ORDERCAST_TOKEN", staff()}});
    EXPECT_EQ(unreachable.exit_code, 1);
    EXPECT_NE(unreachable.err.find("cannot reach"), std::string::npos) << unreachable.err;
}

TEST_F(orders_cli, watch_follows_an_order_live_until_the_count) {
    auto id = create_order_id(staff(), R"({"customerId":"alice"})");
    temp_dir logs("ordercast-watch");
    auto out = logs / "out", err = logs / "err";
    pid_t pid = spawn_process(ordercast_binary(), {"orders", "watch", id, "--count", "2", "--timeout", "20"},
                              child_environment(cli_env(alice())), out, err);
    ASSERT_TRUE(eventually([&] { return read_file(out).find("watching order:") != std::string::npos; }, 10s))
        << read_file(out) << read_file(err);
    patch_order(id, R"({"status":"confirmed","message":"being made"})");
    patch_order(id, R"({"progress":70,"stage":"brewing"})");
    auto code = wait_for_exit(pid, 10s);
    if (!code) ::kill(pid, SIGKILL);
    ASSERT_EQ(code, 0) << read_file(out) << read_file(err);
    auto text = read_file(out);
    EXPECT_NE(text.find("order_status_changed"), std::string::npos) << text;
    EXPECT_NE(text.find("pending -> confirmed by e1"), std::string::npos) << text;
    EXPECT_NE(text.find("[#######   ]  70% brewing"), std::string::npos) << text;
}

TEST_F(orders_cli, watch_refuses_a_site_the_token_may_not_see) {
    auto r = ordercast({"orders", "watch", "--site", "s2", "--timeout", "5"}, staff());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("insufficient_permissions"), std::string::npos) << r.err;
}

TEST_F(orders_cli, db_commands_report_migrate_and_create_in_the_local_store) {
    temp_dir data("ordercast-db-cli");
    const std::string dir = (data / "data").string();
    auto db = [&](std::vector<std::string> args) {
        args.insert(args.begin(), "db");
        args.insert(args.end(), {"--data-dir", dir});
        return run_process(ordercast_binary(), args, {{"ORDERCAST_AUTH_JWT_SECRET", k_test_secret}});
    };
    auto missing = db({"status"});
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("db migrate"), std::string::npos) << missing.err;
    auto migrated = db({"migrate"});
    ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
    EXPECT_NE(migrated.out.find("applied migrations 1"), std::string::npos) << migrated.out;
    EXPECT_NE(db({"migrate"}).out.find("up to date"), std::string::npos);
    auto made = db({"test-order"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    EXPECT_NE(made.out.find("test-customer"), std::string::npos) << made.out;
    auto status = db({"status"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    // Fully migrated, whatever the number of migrations: "schema version:  N of N".
    EXPECT_TRUE(std::regex_search(status.out, std::regex(R"(schema version:  (\d+) of \1\b)"))) << status.out;
    EXPECT_NE(status.out.find("orders:          1"), std::string::npos) << status.out;
    auto schema = db({"schema"});
    EXPECT_NE(schema.out.find("CREATE TABLE orders"), std::string::npos) << schema.out;
    EXPECT_NE(schema.out.find("(applied)"), std::string::npos) << schema.out;

    // The server serves what the command wrote.
    start_server({}, {}, dir);
    auto listed = call("GET", "/api/v1/orders?customer=test-customer", admin()).json();
    ASSERT_EQ(listed.items("/orders").size(), 1u) << listed.dump();
    EXPECT_EQ(listed.str("/orders/0/attributes/garmentType"), "jacket");
}

// The README writes the group's options after the subcommand; the environment here has no
// ORDERCAST_SERVER or ORDERCAST_TOKEN, so only the options can reach this server.
TEST_F(orders_cli, group_options_after_the_subcommand_reach_the_server) {
    auto id = create_order_id(staff(), "{}");
    const std::string url = "http://127.0.0.1:" + std::to_string(port_);
    const env_map no_defaults = {{"ORDERCAST_AUTH_JWT_SECRET", k_test_secret}};
    auto got = run_process(ordercast_binary(),
                           {"orders", "get", id, "--server", url, "--token", staff(), "--json"}, no_defaults);
    ASSERT_EQ(got.exit_code, 0) << got.err;
    EXPECT_EQ(json_value::parse(got.out).str("/id"), id) << got.out;
    auto watched = run_process(
        ordercast_binary(),
        {"orders", "watch", "--site", "s1", "--server", url, "--token", staff(), "--timeout", "1"},
        no_defaults);
    ASSERT_EQ(watched.exit_code, 0) << watched.err;
    EXPECT_NE(watched.out.find("watching site:s1:orders"), std::string::npos) << watched.out;
    auto mixed =
        run_process(ordercast_binary(), {"orders", "--server", url, "list", "--token", staff()}, no_defaults);
    ASSERT_EQ(mixed.exit_code, 0) << mixed.err;
    EXPECT_NE(mixed.out.find(id), std::string::npos) << mixed.out;
}

}  // namespace
}  // namespace ordercast::test

// Process lifecycle: graceful shutdown on SIGTERM/SIGINT, configuration errors, and the
// configuration file and environment taking effect.
#include "support/server_fixture.hpp"
#include "support/temp_dir.hpp"

#include <signal.h>

namespace ordercast::test {
namespace {

using clock_type = std::chrono::steady_clock;

class lifecycle : public server_test {
protected:
    // Runs `ordercast serve` expecting it to refuse its configuration.
    process_result serve_expecting_failure(const env_map& env,
                                           const std::vector<std::string>& extra_args = {}) {
        temp_dir data("ordercast-data");
        env_map full = default_server_env();
        for (const auto& [k, v] : env) full[k] = v;
        std::vector<std::string> args = {"serve", "--port", "0", "--data-dir", data.path().string()};
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        return run_process(ordercast_binary(), args, full, 8s);
    }

    void check_graceful_signal(int signal) {
        start_server({{"ORDERCAST_SERVER_SHUTDOWN_TIMEOUT_MS", "2000"}});
        auto a = connect(token("c1", "customer", "s1"));
        auto b = connect(token("m1", "manager", "s1"));
        subscribe(*b, {"site:s1:general"});

        auto start = clock_type::now();
        server().send_signal(signal);
        for (auto* c : {a.get(), b.get()}) {
            auto closed = c->wait_closed(4s);
            ASSERT_TRUE(closed.closed) << "client not closed after the signal";
            EXPECT_EQ(closed.code, 1001) << closed.reason << closed.error;
        }
        auto code = server().wait_exit(5s);
        ASSERT_TRUE(code) << "still running 5 s after the signal with a 2 s shutdown timeout";
        EXPECT_EQ(*code, 0);
        EXPECT_LE(clock_type::now() - start, 5s);
    }
};

TEST_F(lifecycle, sigterm_closes_clients_with_1001_and_exits_0) {
    check_graceful_signal(SIGTERM);
}

TEST_F(lifecycle, sigint_closes_clients_with_1001_and_exits_0) {
    check_graceful_signal(SIGINT);
}

TEST_F(lifecycle, idle_server_exits_0_promptly_on_sigterm) {
    start_server();
    auto start = clock_type::now();
    auto code = server().stop(SIGTERM, 5s);
    ASSERT_TRUE(code);
    EXPECT_EQ(*code, 0);
    EXPECT_LE(clock_type::now() - start, 2s);
}

TEST_F(lifecycle, shutdown_finishes_within_timeout_despite_an_unresponsive_client) {
    start_server({{"ORDERCAST_SERVER_SHUTDOWN_TIMEOUT_MS", "1500"}});
    // This client never reads again, so it never answers the server's close frame.
    auto stuck = connect(token("c1", "customer", "s1"));
    auto start = clock_type::now();
    server().send_signal(SIGTERM);

    // Readiness must never be reported once the server has taken the signal (it logs that
    // after it stops reporting ready); refusing connections is fine.
    ASSERT_TRUE(
        eventually([&] { return server().output().find("received SIGTERM") != std::string::npos; }, 5s))
        << server().output();
    for (int i = 0; i < 5; ++i) {
        http_client probe(http_opts());
        auto res = probe.get("/ready");
        if (res.status != 0) {
            EXPECT_EQ(res.status, 503u) << "ready while shutting down";
        }
        std::this_thread::sleep_for(100ms);
    }

    auto code = server().wait_exit(6s);
    ASSERT_TRUE(code) << "shutdown hung on a client that does not answer the close";
    EXPECT_EQ(*code, 0);
    EXPECT_LE(clock_type::now() - start, 1500ms + 3s);
}

TEST_F(lifecycle, invalid_integer_in_environment_exits_2_naming_the_key) {
    auto r = serve_expecting_failure({{"ORDERCAST_LIMITS_MESSAGES_PER_MINUTE", "lots"}});
    ASSERT_FALSE(r.timed_out) << "the server started with an invalid configuration";
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("limits.messages_per_minute"), std::string::npos) << r.err;
}

TEST_F(lifecycle, out_of_range_value_exits_2_naming_the_key) {
    auto r = serve_expecting_failure({{"ORDERCAST_LIMITS_SUBSCRIPTIONS_PER_CONNECTION", "0"}});
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("limits.subscriptions_per_connection"), std::string::npos) << r.err;
}

TEST_F(lifecycle, short_jwt_secret_exits_2_naming_the_key) {
    auto r = serve_expecting_failure({{"ORDERCAST_AUTH_JWT_SECRET", "too-short"}});
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("auth.jwt_secret"), std::string::npos) << r.err;
}

TEST_F(lifecycle, unknown_key_in_config_file_exits_2_naming_the_key) {
    temp_dir dir;
    auto file = dir.write_file("ordercast.yaml", "server:\n  colour: blue\n");
    auto r = serve_expecting_failure({}, {"--config", file.string()});
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("server.colour"), std::string::npos) << r.err;
}

TEST_F(lifecycle, misspelt_environment_variable_exits_2_naming_it_and_the_nearest_key) {
    auto r = serve_expecting_failure({{"ORDERCAST_SERVR_PORT", "1"}});
    ASSERT_FALSE(r.timed_out) << "the server started with a variable that names no key";
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("ORDERCAST_SERVR_PORT"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("ORDERCAST_SERVER_PORT"), std::string::npos)
        << "no hint at the nearest key: " << r.err;
}

TEST_F(lifecycle, documented_variables_that_are_not_keys_do_not_stop_start_up) {
    start_server(
        {{"ORDERCAST_TOKEN", "t"}, {"ORDERCAST_SERVER", "http://127.0.0.1:1"}, {"ORDERCAST_BIN", "x"}});
    EXPECT_TRUE(server().running());
}

TEST_F(lifecycle, missing_config_file_exits_2_naming_the_file) {
    auto r = serve_expecting_failure({}, {"--config", "/nonexistent/ordercast.yaml"});
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("/nonexistent/ordercast.yaml"), std::string::npos) << r.err;
}

TEST_F(lifecycle, config_file_settings_take_effect) {
    temp_dir dir;
    auto file = dir.write_file("ordercast.yaml", "limits:\n  max_message_bytes: 1024\n");
    start_server({}, {"--config", file.string()});
    auto client = connect(token("c1", "customer", "s1"));
    ASSERT_TRUE(client->send(R"({"type":"ping","data":{"pad":")" + std::string(2000, 'x') + "\"}}"));
    EXPECT_EQ(client->wait_closed(k_frame_timeout).code, 1009)
        << "limits.max_message_bytes from the file was ignored";
}

TEST_F(lifecycle, environment_overrides_the_config_file) {
    temp_dir dir;
    auto file = dir.write_file("ordercast.yaml", "limits:\n  max_message_bytes: 1024\n");
    start_server({{"ORDERCAST_LIMITS_MAX_MESSAGE_BYTES", "8192"}}, {"--config", file.string()});
    auto client = connect(token("c1", "customer", "s1"));
    ASSERT_TRUE(client->send(R"({"type":"ping","data":{"pad":")" + std::string(2000, 'x') + "\"}}"));
    EXPECT_TRUE(client->receive_type("pong", k_frame_timeout)) << "closed " << client->close_status().code;
}

TEST_F(lifecycle, token_command_prints_a_token_for_the_configured_secret) {
    auto r = run_process(ordercast_binary(), {"token", "--sub", "u1", "--role", "customer", "--ttl", "120"},
                         {{"ORDERCAST_AUTH_JWT_SECRET", k_test_secret}}, 10s);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto t = r.out.substr(0, r.out.find_first_of("\r\n"));
    start_server();
    json_value hello;
    auto client = connect(t, &hello);
    EXPECT_EQ(hello.str("/data/userId"), "u1");

    auto wrong =
        run_process(ordercast_binary(), {"token", "--sub", "u1", "--role", "customer"},
                    {{"ORDERCAST_AUTH_JWT_SECRET", "a-different-secret-of-sufficient-length-99"}}, 10s);
    ASSERT_EQ(wrong.exit_code, 0) << wrong.err;
    auto other = wrong.out.substr(0, wrong.out.find_first_of("\r\n"));
    auto refused = connect_raw(ws_opts("/v1?token=" + other));
    EXPECT_EQ(refused->wait_closed(k_frame_timeout).code, 1008) << "a token for another secret was accepted";
}

TEST_F(lifecycle, token_command_with_unknown_role_fails) {
    auto r = run_process(ordercast_binary(), {"token", "--sub", "u1", "--role", "emperor"},
                         {{"ORDERCAST_AUTH_JWT_SECRET", k_test_secret}}, 10s);
    EXPECT_NE(r.exit_code, 0) << r.out;
    EXPECT_FALSE(r.err.empty());
}

}  // namespace
}  // namespace ordercast::test

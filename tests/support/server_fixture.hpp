#pragma once
// The base of the functional tests: one real server per test, plus helpers to mint
// tokens, open WebSocket clients, publish over HTTP and read metrics.
//
// Helpers throw std::runtime_error (which gtest reports as a failure of the test) when a
// precondition of the test cannot be established — the server did not start, a valid
// token was refused — so that test bodies only assert the behaviour they are about.
#include "support/http_client.hpp"
#include "support/jwt_mint.hpp"
#include "support/prometheus.hpp"
#include "support/server_process.hpp"
#include "support/wait.hpp"
#include "support/ws_client.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ordercast::test {

using namespace std::chrono_literals;

// How long a test waits for a frame the server owes it.
inline constexpr std::chrono::milliseconds k_frame_timeout{5000};
// How long a test watches for a frame that must not come.
inline constexpr std::chrono::milliseconds k_quiet_period{400};

class server_test : public ::testing::Test {
protected:
    // Starts (or restarts) the server with default_server_env() plus `env`; `data_dir`
    // keeps state across restarts (default: a fresh directory per server).
    server_process& start_server(env_map env = {}, std::vector<std::string> args = {},
                                 std::optional<std::string> data_dir = std::nullopt);
    server_process& server();
    // Stops the current server and fails the test when it does not exit 0 on SIGTERM or
    // reported a sanitizer error; prints its output tail when the test has failed. Called
    // by TearDown and before a restart.
    void finish_server();

    // HS256 token for the test secret.
    std::string token(const std::string& sub, const std::string& role, const std::string& site = {},
                      std::vector<std::string> stations = {}, std::int64_t ttl_s = 3600) const;
    std::string service_token() const { return token("backend-1", "service"); }

    ws_options ws_opts(const std::string& target = "/v1") const;
    // Connects to /v1?token=… and waits for connection_established (stored in *established).
    std::unique_ptr<ws_client> connect(const std::string& token, json_value* established = nullptr);
    std::unique_ptr<ws_client> connect_raw(const ws_options& options);

    http_client& http();
    http_options http_opts() const;
    // POST /api/v1/publish as a service; throws unless 200. `data_json` is a JSON object.
    json_value publish(const std::string& channel, const std::string& type,
                       const std::string& data_json = "{}", bool critical = false);
    // Sends subscribe and returns subscription_confirmed; throws when none comes.
    json_value subscribe(ws_client& client, const std::vector<std::string>& channels);

    std::string metrics_text();

    // Clients owned by a fixture must be closed before this runs: the server waits for
    // open connections when it stops.
    void TearDown() override;

private:
    std::unique_ptr<server_process> server_;
    std::unique_ptr<http_client> http_;
};

// Receives frames until `done(frames so far)` holds (or `timeout` passes, or the connection
// ends), then every frame that follows within the quiet period. For a test that checks all a
// change delivered: it waits for the last frame it expects, where a plain quiet-period drain
// would take a frame the loaded server is slow to write for the end of the stream.
std::vector<json_value> receive_until(ws_client& client,
                                      const std::function<bool(const std::vector<json_value>&)>& done,
                                      std::chrono::milliseconds timeout = k_frame_timeout);

// ["a","b"] for a list of strings.
std::string json_string_array(const std::vector<std::string>& items);
// A one-line summary of frames, for failure messages.
std::string describe(const std::vector<json_value>& frames);

}  // namespace ordercast::test

#pragma once
// The real `ordercast serve` binary as a child process, on a free loopback port, with its
// own temporary data directory. Always stopped (SIGTERM, then SIGKILL) by the destructor.
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ordercast::test {

// The binary under test: $ORDERCAST_BIN, else the path CMake compiled in.
std::string ordercast_binary();

struct server_options {
    env_map env;                    // ORDERCAST_* settings; merged over the defaults below
    std::vector<std::string> args;  // extra `serve` arguments, e.g. {"--config", path}
    std::chrono::milliseconds ready_timeout{15000};
    // When set, the data directory to use (kept); otherwise a fresh one per process.
    std::optional<std::string> data_dir;
};

// Settings every test server gets unless a test overrides them: loopback only, a fixed
// HS256 secret (k_test_secret), and logs at info.
env_map default_server_env();

// 40 bytes: longer than the 32-byte minimum the server enforces for HS256.
inline constexpr const char* k_test_secret = "ordercast-functional-test-secret-0123456";

class server_process {
public:
    // Starts the server and waits for its "ordercast listening on http(s)://127.0.0.1:PORT"
    // line. Throws std::runtime_error (with the server's output) when the binary is
    // missing, exits early, or is not ready in time.
    explicit server_process(server_options options = {});
    ~server_process();
    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    std::uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }
    bool tls() const { return tls_; }
    const std::string& data_dir() const { return data_dir_; }
    bool running() const { return pid_ > 0; }

    // Sends `signal` to the server's PID and waits for it to exit. Returns its exit code
    // (128 + signal when killed by one), or nullopt when it did not exit in `timeout`
    // (then it is still running and the destructor kills it).
    std::optional<int> stop(int signal, std::chrono::milliseconds timeout);
    // SIGKILL and reap.
    void kill_hard();
    // Sends `signal` without waiting; pair with wait_exit.
    void send_signal(int signal);
    // Waits for the server to exit: its exit code (128 + signal when killed by one), or
    // nullopt when it is still running after `timeout`.
    std::optional<int> wait_exit(std::chrono::milliseconds timeout);

    // Everything the server printed so far (stdout, then stderr), for failure messages.
    std::string output() const;

private:
    temp_dir dir_;
    std::string data_dir_;
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
    bool tls_ = false;
};

}  // namespace ordercast::test

#include "support/server_process.hpp"

#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <stdexcept>
#include <thread>

#ifndef ORDERCAST_DEFAULT_BIN
#define ORDERCAST_DEFAULT_BIN "ordercast"
#endif

namespace ordercast::test {

std::string ordercast_binary() {
    const char* env = std::getenv("ORDERCAST_BIN");
    return env != nullptr && *env != '\0' ? env : ORDERCAST_DEFAULT_BIN;
}

env_map default_server_env() {
    return {
        {"ORDERCAST_SERVER_HOST", "127.0.0.1"},
        {"ORDERCAST_AUTH_JWT_SECRET", k_test_secret},
        {"ORDERCAST_LOG_LEVEL", "info"},
    };
}

server_process::server_process(server_options options) : dir_("ordercast-server") {
    auto binary = ordercast_binary();
    if (!std::filesystem::exists(binary))
        throw std::runtime_error("ordercast binary not found at '" + binary +
                                 "': build the `ordercast` target or set ORDERCAST_BIN");
    if (options.data_dir) {
        data_dir_ = *options.data_dir;
    } else {
        data_dir_ = (dir_ / "data").string();
        std::filesystem::create_directories(data_dir_);
    }
    env_map env = default_server_env();
    for (auto& [k, v] : options.env) env[k] = v;
    std::vector<std::string> args = {"serve", "--port", "0", "--data-dir", data_dir_};
    args.insert(args.end(), options.args.begin(), options.args.end());
    pid_ = spawn_process(binary, args, child_environment(env), dir_ / "stdout.log", dir_ / "stderr.log");

    static const std::regex k_ready(R"(ordercast listening on (https?)://127\.0\.0\.1:(\d+))");
    auto deadline = std::chrono::steady_clock::now() + options.ready_timeout;
    for (;;) {
        auto out = read_file(dir_ / "stdout.log");
        std::smatch m;
        if (std::regex_search(out, m, k_ready)) {
            tls_ = m[1] == "https";
            port_ = static_cast<std::uint16_t>(std::stoi(m[2]));
            return;
        }
        if (auto code = wait_for_exit(pid_, std::chrono::milliseconds(0))) {
            pid_ = -1;
            throw std::runtime_error("ordercast exited with code " + std::to_string(*code) +
                                     " before it was ready; output:\n" + output());
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            kill_hard();
            throw std::runtime_error("ordercast did not print its listening line in time; output:\n" +
                                     output());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

server_process::~server_process() {
    if (pid_ <= 0) return;
    if (!stop(SIGTERM, std::chrono::seconds(10))) kill_hard();
}

std::optional<int> server_process::stop(int signal, std::chrono::milliseconds timeout) {
    if (pid_ <= 0) return std::nullopt;
    send_signal(signal);
    return wait_exit(timeout);
}

void server_process::send_signal(int signal) {
    if (pid_ > 0) ::kill(pid_, signal);
}

std::optional<int> server_process::wait_exit(std::chrono::milliseconds timeout) {
    if (pid_ <= 0) return std::nullopt;
    auto code = wait_for_exit(pid_, timeout);
    if (code) pid_ = -1;
    return code;
}

void server_process::kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    wait_for_exit(pid_, std::chrono::seconds(10));
    pid_ = -1;
}

std::string server_process::output() const {
    return read_file(dir_ / "stdout.log") + read_file(dir_ / "stderr.log");
}

}  // namespace ordercast::test

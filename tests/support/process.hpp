#pragma once
// Child processes for tests: spawning with a controlled environment, waiting with a
// deadline, and running a command to completion with its output captured.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ordercast::test {

using env_map = std::map<std::string, std::string>;

// The environment a child gets: this process's, minus every ORDERCAST_* variable (so a
// developer's shell cannot change what a test configures), plus `overrides`.
std::vector<std::string> child_environment(const env_map& overrides);

// Starts `program` (a path, or a name looked up in PATH) with stdout and stderr appended
// to the given files. The child gets its own process group so that a terminal's Ctrl-C
// reaches only the test runner. Throws std::runtime_error when fork fails; an exec
// failure shows up as exit code 127.
pid_t spawn_process(const std::string& program, const std::vector<std::string>& args,
                    const std::vector<std::string>& environment, const std::filesystem::path& stdout_file,
                    const std::filesystem::path& stderr_file);

// Waits until `pid` exits or `timeout` passes. Returns the exit code, 128 + signal number
// when it was killed by a signal, or nullopt on timeout (the child is then still running
// and still the caller's to reap).
std::optional<int> wait_for_exit(pid_t pid, std::chrono::milliseconds timeout);

struct process_result {
    int exit_code = -1;      // 128 + signal when killed by a signal
    bool timed_out = false;  // killed with SIGKILL after the timeout
    std::string out;
    std::string err;
};

// Runs a command to completion; kills it with SIGKILL after `timeout`.
process_result run_process(const std::string& program, const std::vector<std::string>& args,
                           const env_map& env = {},
                           std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace ordercast::test

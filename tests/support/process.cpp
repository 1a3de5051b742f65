#include "support/process.hpp"

#include "support/temp_dir.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace ordercast::test {

std::vector<std::string> child_environment(const env_map& overrides) {
    std::vector<std::string> out;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        std::string_view entry(*e);
        auto eq = entry.find('=');
        if (entry.starts_with("ORDERCAST_")) continue;
        if (eq != std::string_view::npos && overrides.contains(std::string(entry.substr(0, eq)))) continue;
        out.emplace_back(entry);
    }
    for (const auto& [k, v] : overrides) out.push_back(k + "=" + v);
    return out;
}

pid_t spawn_process(const std::string& program, const std::vector<std::string>& args,
                    const std::vector<std::string>& environment, const std::filesystem::path& stdout_file,
                    const std::filesystem::path& stderr_file) {
    // Everything the child needs is prepared before fork: between fork and exec only
    // async-signal-safe calls are allowed, and the test process may have threads.
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const auto& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);

    int out_fd = ::open(stdout_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    int err_fd = ::open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (out_fd < 0 || err_fd < 0 || null_fd < 0)
        throw std::runtime_error("cannot open output files for " + program + ": " + std::strerror(errno));

    const pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) {
        ::close(out_fd);
        ::close(err_fd);
        ::close(null_fd);
        throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid == 0) {
        // A test killed by CTest's timeout must not leave its server running: the child dies
        // with the thread that spawned it (tests spawn from their main thread).
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
        ::setpgid(0, 0);
        ::dup2(null_fd, STDIN_FILENO);
        ::dup2(out_fd, STDOUT_FILENO);
        ::dup2(err_fd, STDERR_FILENO);
        ::execvpe(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(out_fd);
    ::close(err_fd);
    ::close(null_fd);
    return pid;
}

std::optional<int> wait_for_exit(pid_t pid, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            if (WIFEXITED(status)) return WEXITSTATUS(status);
            if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
        } else if (r < 0 && errno != EINTR) {
            return -1;  // not our child (already reaped)
        }
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

process_result run_process(const std::string& program, const std::vector<std::string>& args,
                           const env_map& env, std::chrono::milliseconds timeout) {
    temp_dir dir("ordercast-run");
    auto out_path = dir / "stdout";
    auto err_path = dir / "stderr";
    pid_t pid = spawn_process(program, args, child_environment(env), out_path, err_path);
    process_result result;
    auto code = wait_for_exit(pid, timeout);
    if (!code) {
        ::kill(pid, SIGKILL);
        code = wait_for_exit(pid, std::chrono::seconds(5));
        result.timed_out = true;
    }
    result.exit_code = code.value_or(-1);
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    return result;
}

}  // namespace ordercast::test

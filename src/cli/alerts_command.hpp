#pragma once
// `ordercast alerts list|show|raise|ack|resolve|watch` against a running server (the factory
// floor's alerts; docs/alerts.md). --server and --token as for `orders`; exit codes 0 done, 1 the
// server refused or could not be reached (its code and sentence are printed), 2 bad usage.
#include <CLI/CLI.hpp>

#include <ostream>
#include <string>

namespace ordercast::cli {

class http_client;

class alerts_command {
public:
    void attach(CLI::App& root);
    [[nodiscard]] bool parsed() const;
    int run(std::ostream& out, std::ostream& err, const char* env_token, const char* env_server);

private:
    int list(http_client& client, std::ostream& out, std::ostream& err);
    int raise(http_client& client, std::ostream& out, std::ostream& err);
    int watch(http_client& client, std::ostream& out, std::ostream& err);

    CLI::App* alerts_ = nullptr;
    CLI::App* list_ = nullptr;
    CLI::App* show_ = nullptr;
    CLI::App* raise_ = nullptr;
    CLI::App* ack_ = nullptr;
    CLI::App* resolve_ = nullptr;
    CLI::App* watch_ = nullptr;

    std::string server_, token_;
    bool json_ = false;
    std::string id_, site_, state_, severity_ = "warning", category_ = "operations", message_;
    int limit_ = 100;
    int count_ = 0;
    int timeout_s_ = 0;
};

}  // namespace ordercast::cli

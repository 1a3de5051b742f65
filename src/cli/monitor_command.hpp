#pragma once
// `ordercast monitor status` (the factory's `sds monitor status`): the server's health and the
// queue's figures at a glance — jobs pending, processing, completed and failed, average and 95th
// percentile wait, the waiting jobs by priority, the failure rate, open connections. It reads the
// public GET /health and GET /api/metrics, so it needs no token; with one (--token or
// $ORDERCAST_TOKEN) of staff it adds the token's site line from GET /api/v1/queue/status (paused
// or not). Exit codes: 0 done, 1 the server could not be reached or answered an error, 2 bad usage.
#include <CLI/CLI.hpp>

#include <ostream>
#include <string>

namespace ordercast::cli {

class http_client;

class monitor_command {
public:
    void attach(CLI::App& root);
    [[nodiscard]] bool parsed() const;
    int run(std::ostream& out, std::ostream& err, const char* env_token, const char* env_server);

private:
    int status(http_client& client, std::ostream& out, std::ostream& err);

    CLI::App* monitor_ = nullptr;
    CLI::App* status_ = nullptr;
    std::string server_, token_;
    bool json_ = false;
};

}  // namespace ordercast::cli

#pragma once
// `ordercast orders create|get|list|update|watch` against a running server.
// --server URL (or ORDERCAST_SERVER, default http://localhost:8000), --token (or
// ORDERCAST_TOKEN). Exit codes: 0 done, 1 the server refused or could not be reached
// (the error's code and sentence are printed), 2 bad usage.
#include <CLI/CLI.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace ordercast::cli {

class orders_command {
public:
    // Adds the `orders` subcommand and its subcommands to `root`.
    void attach(CLI::App& root);
    [[nodiscard]] bool parsed() const;
    // Runs the parsed subcommand; `env_token`/`env_server` are the environment's values.
    int run(std::ostream& out, std::ostream& err, const char* env_token, const char* env_server);

private:
    int create(class http_client& client, std::ostream& out, std::ostream& err);
    int get(http_client& client, std::ostream& out, std::ostream& err);
    int list(http_client& client, std::ostream& out, std::ostream& err);
    int update(http_client& client, std::ostream& out, std::ostream& err);
    int watch(http_client& client, std::ostream& out, std::ostream& err);

    CLI::App* orders_ = nullptr;
    CLI::App* create_ = nullptr;
    CLI::App* get_ = nullptr;
    CLI::App* list_ = nullptr;
    CLI::App* update_ = nullptr;
    CLI::App* watch_ = nullptr;

    std::string server_;
    std::string token_;
    bool json_ = false;
    // create / update
    std::string id_, number_, customer_, site_, station_, assignee_, priority_, stage_, note_, currency_,
        body_;
    std::vector<std::string> items_;
    double total_ = -1;
    int eta_ = -1;
    int progress_ = -1;
    std::string status_, message_, reason_, if_match_, idempotency_key_;
    // list
    std::string since_;
    int limit_ = 50;
    bool all_ = false;
    // watch
    std::string channel_;
    int count_ = 0;
    int timeout_s_ = 0;
};

}  // namespace ordercast::cli

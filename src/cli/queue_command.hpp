#pragma once
// `ordercast queue status|list|submit|watch|process|process-next|complete|fail|cancel|
// pause|resume|retry|priority` against a running server (the cutters' job queue). --server and --token as
// for `orders`; exit codes 0 done, 1 the server refused or could not be reached (its code
// and sentence are printed), 2 bad usage.
#include <CLI/CLI.hpp>

#include <ostream>
#include <string>

namespace ordercast::cli {

class http_client;

class queue_command {
public:
    void attach(CLI::App& root);
    [[nodiscard]] bool parsed() const;
    int run(std::ostream& out, std::ostream& err, const char* env_token, const char* env_server);

private:
    int status(http_client& client, std::ostream& out, std::ostream& err);
    int list(http_client& client, std::ostream& out, std::ostream& err);
    int submit(http_client& client, std::ostream& out, std::ostream& err);
    int watch(http_client& client, std::ostream& out, std::ostream& err);
    int process_next(http_client& client, std::ostream& out, std::ostream& err);
    int job_action(http_client& client, std::string_view action, std::string body, std::ostream& out,
                   std::ostream& err);
    int pause(http_client& client, bool paused, std::ostream& out, std::ostream& err);

    CLI::App* queue_ = nullptr;
    CLI::App* status_ = nullptr;
    CLI::App* list_ = nullptr;
    CLI::App* submit_ = nullptr;
    CLI::App* watch_ = nullptr;
    CLI::App* process_ = nullptr;
    CLI::App* process_next_ = nullptr;
    CLI::App* complete_ = nullptr;
    CLI::App* fail_ = nullptr;
    CLI::App* cancel_ = nullptr;
    CLI::App* pause_ = nullptr;
    CLI::App* resume_ = nullptr;
    CLI::App* retry_ = nullptr;
    CLI::App* priority_cmd_ = nullptr;

    std::string server_, token_;
    bool json_ = false;
    std::string id_, site_, station_, status_filter_, order_, garment_, plot_file_, notes_, tier_;
    std::string priority_ = "NORMAL";
    std::string error_, error_code_, reason_;
    double fabric_cm_ = -1;
    bool transient_ = false;
    bool hold_ = false;
    int limit_ = 100;
    int count_ = 0;
    int timeout_s_ = 0;
};

}  // namespace ordercast::cli

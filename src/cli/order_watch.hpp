#pragma once
// `ordercast orders watch`: follows channels over /v1 and prints each event as it comes.
#include <chrono>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/http_client.hpp"

namespace ordercast::cli {

struct watch_options {
    std::vector<std::string> channels;
    int max_events = 0;               // stop after this many events (0: never)
    std::chrono::seconds timeout{0};  // stop after this long (0: never)
    bool json = false;                // print the raw frames
    // How one event frame is shown when not json (default: print_event_line).
    std::function<void(std::ostream&, std::string_view)> print;
};

// Connects to <server>/v1 with the token, subscribes, prints events (acknowledging critical
// ones) until a limit is reached. Returns 0 when a limit ended it; throws cli_error when
// the server cannot be reached, refuses the token or a channel, or closes the connection.
int watch(const server_url& url, const std::string& token, const watch_options& options, std::ostream& out);

}  // namespace ordercast::cli

#pragma once
// Everything one load-generator run is told on its command line.
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/loadgen/dialect.hpp"

namespace ordercast::bench {

enum class publish_mode { none, http, ws };

struct loadgen_options {
    // Target: loopback only (parse_options refuses anything else).
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    std::string ws_path = "/v1";  // request target of the upgrade, query included if any
    std::string token;            // appended as ?token= (peers ignore it)
    dialect_kind dialect = dialect_kind::v1;
    // Subscribers bind round-robin to these local addresses, so N can pass the ~28k
    // ephemeral ports of one source address.
    std::vector<std::string> source_addrs{"127.0.0.1"};

    std::uint32_t connections = 100;
    std::uint32_t channels = 10;            // subscriber i joins channel i % channels
    std::string channel_prefix = "site:b";  // channel name: prefix + index + suffix
    std::string channel_suffix = ":general";
    // The prefix subscribers spell the channel with, when a dialect spells it otherwise than
    // the publish API (the restaurant dialect's cafe:b1:general is the canonical site:b1:general).
    // Empty: channel_prefix.
    std::string subscribe_prefix;
    std::uint32_t connect_concurrency = 256;  // upgrades in progress at once

    publish_mode publish = publish_mode::http;
    std::string publish_path = "/api/v1/publish";
    std::string publish_token;      // Bearer token for HTTP publishes (defaults to token)
    double rate = 0;                // publishes per second; 0 = as fast as the window allows
    std::uint32_t publishers = 4;   // publishing connections
    std::uint32_t window = 32;      // HTTP publishes awaiting their answer, across publishers
    std::uint64_t max_backlog = 0;  // deliveries due but not yet received; 0 = window x largest channel
    std::uint32_t pad_bytes = 32;   // filler in each message's data

    double connect_timeout_s = 120;
    double settle_s = 2;     // idle time before the memory reading
    double warmup_s = 2;     // publishing before the measurement window opens
    double duration_s = 10;  // the measurement window
    double drain_s = 5;      // at most this long waiting for the last deliveries

    pid_t server_pid = 0;   // whose RSS and CPU time to read; 0 = do not read
    std::string json_path;  // write the result here as one JSON object
    std::string label;      // copied into the result

    std::string channel_name(std::uint32_t index) const;  // as publishers name it
    std::string subscribe_channel_name(std::uint32_t index) const;
};

// Parses argv. Returns the options, or std::nullopt after printing help or an error (the
// process should then exit with `exit_code`).
std::optional<loadgen_options> parse_options(int argc, char** argv, int& exit_code);

// Checks combinations the parser cannot; returns an empty string when valid, else a message
// that says what to change.
std::string validate(const loadgen_options& opts);

}  // namespace ordercast::bench

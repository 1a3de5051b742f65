#pragma once
// Command-line options shared by the subcommands, and the configuration they produce.
#include <string>

#include "app/settings.hpp"

namespace ordercast::app {

struct common_options {
    std::string config_file;  // --config
    int port = -1;            // --port (-1: from the configuration)
    std::string data_dir;     // --data-dir
    std::string profile;      // --profile
};

// Profile, file, environment, then command line; `origins` (if given) records which layer set
// each key. Throws core::config_error.
settings resolve_config(const common_options& opts, char** envp, core::config_origins* origins = nullptr);

// In development mode (no secret or key configured) the HS256 secret lives in
// <data_dir>/dev-secret, created on first use (mode 0600), so tokens minted by
// `ordercast token` stay valid across restarts. Returns the secret.
std::string development_secret(const core::config& cfg);

int serve_command(settings cfg);
struct token_options {
    std::string sub;
    std::string role = "customer";
    std::string site;
    std::string stations;
    long ttl = 3600;
};
int token_command(const core::config& cfg, const token_options& opts);
int config_command(const common_options& opts, bool effective);

}  // namespace ordercast::app

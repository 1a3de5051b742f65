#include "app/options.hpp"

#include <sys/stat.h>

#include <fmt/format.h>
#include <filesystem>
#include <fstream>

#include "core/random.hpp"

namespace ordercast::app {

settings resolve_config(const common_options& opts, char** envp, core::config_origins* origins) {
    std::string path = opts.config_file;
    if (path.empty())
        if (const char* env = std::getenv("ORDERCAST_CONFIG")) path = env;
    settings cfg = load_settings(path, envp, opts.profile, origins);
    if (opts.port >= 0) {
        if (opts.port > 65535)
            throw core::config_error(fmt::format("--port: {} is out of range 0..65535", opts.port));
        cfg.server.port = opts.port;
        if (origins != nullptr) (*origins)["server.port"] = "command line --port";
    }
    if (!opts.data_dir.empty()) {
        cfg.server.data_dir = opts.data_dir;
        if (origins != nullptr) (*origins)["server.data_dir"] = "command line --data-dir";
    }
    return cfg;
}

std::string development_secret(const core::config& cfg) {
    namespace fs = std::filesystem;
    fs::path dir(cfg.server.data_dir);
    fs::path file = dir / "dev-secret";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw core::config_error(
            fmt::format("server.data_dir: cannot create '{}': {}", dir.string(), ec.message()));
    if (std::ifstream in(file); in) {
        std::string secret;
        std::getline(in, secret);
        if (secret.size() >= 32) return secret;
    }
    std::string secret = core::random_hex(32);
    fs::path tmp = dir / "dev-secret.tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << secret << "\n";
        if (!out) throw core::config_error(fmt::format("server.data_dir: cannot write '{}'", tmp.string()));
    }
    ::chmod(tmp.c_str(), 0600);
    fs::rename(tmp, file, ec);
    if (ec)
        throw core::config_error(
            fmt::format("server.data_dir: cannot write '{}': {}", file.string(), ec.message()));
    return secret;
}

}  // namespace ordercast::app

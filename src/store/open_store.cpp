#include "store/open_store.hpp"

#include <filesystem>

#include "store/sqlite/sqlite_store.hpp"

namespace ordercast::store {

std::string sqlite_path(const core::config& cfg) {
    std::filesystem::path file(cfg.store.sqlite_file);
    if (file.is_absolute()) return file.string();
    return (std::filesystem::path(cfg.server.data_dir) / file).string();
}

std::unique_ptr<store> open_store(const core::config& cfg) {
    return std::make_unique<sqlite_store>(
        sqlite_store_options{sqlite_path(cfg), cfg.store.busy_timeout_ms, cfg.store.read_connections});
}

}  // namespace ordercast::store

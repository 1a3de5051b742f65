#pragma once
// Builds the configured engine. The one place that knows which engines exist.
#include <memory>
#include <string>

#include "core/config.hpp"
#include "store/store.hpp"

namespace ordercast::store {

// The database file store.sqlite_file resolves to (under server.data_dir when relative).
std::string sqlite_path(const core::config& cfg);

// Opens the configured store (creating the file when missing) without migrating it.
// Throws store_error with a message that names the file and what to do.
std::unique_ptr<store> open_store(const core::config& cfg);

}  // namespace ordercast::store

#pragma once
// Logging setup (spdlog). Log lines never contain tokens: callers log principals, not headers.
#include <string>

namespace ordercast::core {

// Sets the global level ("info", "debug", ...) and a compact pattern on stderr.
void init_logging(const std::string& level);

}  // namespace ordercast::core

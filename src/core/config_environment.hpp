#pragma once
// The ORDERCAST_* environment variables that are not configuration keys. Every other
// ORDERCAST_* variable must name a key (ORDERCAST_<SECTION>_<KEY>): load_config refuses one
// that does not, naming it and the nearest key, since a misspelt key would otherwise be
// ignored without a word.
#include <array>
#include <string_view>

namespace ordercast::core {

// The command line's own (the configuration file, and the server and token of `orders`,
// `queue` and `alerts`), and those of the tests, benchmarks and scripts, which share the shell
// a server is started from. docs/configuration.md lists them; a unit test keeps the two equal.
inline constexpr std::array<std::string_view, 6> k_environment_non_keys = {
    "ORDERCAST_CONFIG", "ORDERCAST_SERVER",      "ORDERCAST_TOKEN",
    "ORDERCAST_BIN",    "ORDERCAST_BENCH_TOKEN", "ORDERCAST_SKIP_SANITIZERS",
};

}  // namespace ordercast::core

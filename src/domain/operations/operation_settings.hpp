#pragma once
// The `operations` section of the configuration: long-running operations (docs/operations.md).
#include <cstdint>

#include "core/config_schema.hpp"

namespace ordercast::domain::operations {

struct operations_config {
    int max_subscribers = 10;                // concurrent subscribers of one operation:{id}
    int progress_timeout_s = 300;            // no progress for this long fails with TIMEOUT_ERROR
    int sweep_interval_ms = 5000;            // how often the timeout sweeper and cleanup run
    int retention_s = 86400;                 // finished operations are deleted after this long
    std::int64_t max_message_bytes = 10240;  // progress message, result, error details
};

inline constexpr core::setting k_operations_keys[] = {
    core::key<&operations_config::max_subscribers>("max_subscribers", 1, 100000,
                                                   "Concurrent subscribers of one operation:{id} channel; "
                                                   "the next is refused (operation_subscriber_limit)."),
    core::key<&operations_config::progress_timeout_s>(
        "progress_timeout_s", 1, 604800,
        "An open operation with no progress for this long fails with TIMEOUT_ERROR."),
    core::key<&operations_config::sweep_interval_ms>(
        "sweep_interval_ms", 10, 3600000,
        "How often timed-out operations are failed and old finished ones deleted."),
    core::key<&operations_config::retention_s>("retention_s", 1, 31536000,
                                               "Finished operations are deleted this long after they end."),
    core::key<&operations_config::max_message_bytes>(
        "max_message_bytes", 16, 1048576, "Largest progress message, result or error details (413 beyond)."),
};
inline constexpr core::config_section k_operations_section{"operations", k_operations_keys};

}  // namespace ordercast::domain::operations

#pragma once
// The `streams` section of the configuration: how often the status streams publish.
#include "core/config_schema.hpp"

namespace ordercast::domain::streams {

struct streams_config {
    int system_status_interval_ms = 30000;
    int metrics_interval_ms = 10000;
};

inline constexpr core::setting k_streams_keys[] = {
    core::key<&streams_config::system_status_interval_ms>(
        "system_status_interval_ms", 10, 86400000,
        "system_status on system:status every this often (skipped without subscribers)."),
    core::key<&streams_config::metrics_interval_ms>(
        "metrics_interval_ms", 10, 86400000,
        "metrics_update on site:{site}:metrics every this often (skipped without subscribers)."),
};
inline constexpr core::config_section k_streams_section{"streams", k_streams_keys};

}  // namespace ordercast::domain::streams

#pragma once
// The whole configuration: core's sections and the modules' own, and the one list of every
// section that loading, `ordercast config` and docs/configuration.md follow.
#include <span>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "domain/alerts/alert_settings.hpp"
#include "domain/floor/floor_settings.hpp"
#include "domain/operations/operation_settings.hpp"
#include "domain/order_event_settings.hpp"
#include "domain/order_settings.hpp"
#include "domain/queue/queue_settings.hpp"
#include "domain/streams/stream_settings.hpp"

namespace ordercast::app {

// Derives from core::config so that a component taking core's part (`const core::config&`)
// is handed the whole; each domain component is handed its own section.
struct settings : core::config {
    domain::critical_events_config critical_events;  // hub.critical_types
    domain::orders_config orders;
    domain::queue::queue_config queue;
    domain::operations::operations_config operations;
    domain::alerts::alerts_config alerts;
    domain::streams::streams_config streams;
    domain::floor::floor_config floor;
};

// Every section, in the order `ordercast config` lists the keys.
std::span<const core::bound_section> settings_schema();

// The defaults, then the profile (`profile`, else ORDERCAST_SERVER_PROFILE, else the file's
// server.profile; profiles.hpp), then the YAML file `path` (empty: none), then the
// environment; `origins` (if given) records which layer set each key. Throws
// core::config_error naming the key (see core::load_config).
settings load_settings(const std::string& path, char** envp, const std::string& profile = {},
                       core::config_origins* origins = nullptr);

// One row per key, for `ordercast config` and docs/configuration.md.
std::vector<core::config_key_doc> describe_settings();

}  // namespace ordercast::app

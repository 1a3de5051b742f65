#include "app/settings.hpp"

#include "app/profiles.hpp"

namespace ordercast::app {
namespace {

using core::bind_section;
using core::config;

const core::bound_section k_schema[] = {
    bind_section<settings, &config::server>(core::k_server_section),
    bind_section<settings, &config::tls>(core::k_tls_section),
    bind_section<settings, &config::auth>(core::k_auth_section),
    bind_section<settings, &config::limits>(core::k_limits_section),
    bind_section<settings, &config::hub>(core::k_hub_section),
    bind_section<settings, &settings::critical_events>(domain::k_critical_events_section),
    bind_section<settings, &config::store>(core::k_store_section),
    bind_section<settings, &settings::orders>(domain::k_orders_section),
    bind_section<settings, &settings::queue>(domain::queue::k_queue_section),
    bind_section<settings, &settings::operations>(domain::operations::k_operations_section),
    bind_section<settings, &settings::alerts>(domain::alerts::k_alerts_section),
    bind_section<settings, &settings::streams>(domain::streams::k_streams_section),
    bind_section<settings, &settings::floor>(domain::floor::k_floor_section),
    bind_section<settings, &config::dialect_v1>(core::k_dialect_v1_section),
    bind_section<settings, &config::dialect_factory>(core::k_dialect_factory_section),
    bind_section<settings, &config::dialect_rooms>(core::k_dialect_rooms_section),
    bind_section<settings, &config::dialect_progress>(core::k_dialect_progress_section),
    bind_section<settings, &config::dialect_shop>(core::k_dialect_shop_section),
    bind_section<settings, &config::dialect_restaurant>(core::k_dialect_restaurant_section),
    bind_section<settings, &config::log>(core::k_log_section),
};

}  // namespace

std::span<const core::bound_section> settings_schema() {
    return k_schema;
}

settings load_settings(const std::string& path, char** envp, const std::string& profile,
                       core::config_origins* origins) {
    settings s;
    const core::config_sources sources{profile, path, find_profile, profile_names()};
    core::load_config(s, k_schema, sources, envp, origins);
    return s;
}

std::vector<core::config_key_doc> describe_settings() {
    settings defaults;
    return core::describe_config(k_schema, defaults);
}

}  // namespace ordercast::app

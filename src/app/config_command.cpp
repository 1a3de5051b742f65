// `ordercast config`: every key with its environment variable and default (the reference
// docs/configuration.md keeps), or, given a profile, a file or --effective, every key's
// effective value and the layer that set it.
#include <fmt/format.h>

#include <iostream>

#include "app/options.hpp"

extern char** environ;

namespace ordercast::app {

int config_command(const common_options& opts, bool effective) {
    if (!effective && opts.profile.empty() && opts.config_file.empty()) {
        std::cout << "| key | environment | type | default | meaning |\n|---|---|---|---|---|\n";
        for (const auto& d : describe_settings())
            std::cout << fmt::format("| `{}` | `{}` | {} | `{}` | {} |\n", d.name, d.env, d.type,
                                     d.default_value, d.help);
        return 0;
    }
    core::config_origins origins;
    settings cfg = resolve_config(opts, environ, &origins);
    std::cout << "| key | value | set by |\n|---|---|---|\n";
    for (const auto& [key, value] : core::config_values(settings_schema(), cfg)) {
        auto origin = origins.find(key);
        std::cout << fmt::format("| `{}` | `{}` | {} |\n", key, value,
                                 origin == origins.end() ? "default" : origin->second);
    }
    return 0;
}

}  // namespace ordercast::app

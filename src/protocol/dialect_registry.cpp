#include "protocol/dialect_registry.hpp"

#include <fmt/format.h>

#include "auth/channel_name.hpp"

namespace ordercast::protocol {
namespace {

constexpr std::string_view k_id = "{id}";

// The configured paths of each dialect and whether its paths name a resource ({id}).
struct dialect_paths {
    dialect_id id;
    const std::vector<std::string>* paths;
    bool takes_resource;
};

std::string_view without_trailing_slash(std::string_view path) {
    if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    return path;
}

}  // namespace

dialect_registry::dialect_registry(const core::config& cfg) {
    dialects_[static_cast<std::size_t>(dialect_id::v1)] = make_v1_dialect(cfg);
    dialects_[static_cast<std::size_t>(dialect_id::factory)] = make_factory_dialect(cfg);
    dialects_[static_cast<std::size_t>(dialect_id::rooms)] = make_rooms_dialect(cfg);
    dialects_[static_cast<std::size_t>(dialect_id::progress)] = make_progress_dialect(cfg);
    dialects_[static_cast<std::size_t>(dialect_id::shop)] = make_shop_dialect(cfg);
    dialects_[static_cast<std::size_t>(dialect_id::restaurant)] = make_restaurant_dialect(cfg);
    const dialect_paths all[] = {
        {dialect_id::v1, &cfg.dialect_v1.paths, false},
        {dialect_id::factory, &cfg.dialect_factory.paths, false},
        {dialect_id::rooms, &cfg.dialect_rooms.paths, false},
        {dialect_id::progress, &cfg.dialect_progress.paths, true},
        {dialect_id::shop, &cfg.dialect_shop.paths, true},
        {dialect_id::restaurant, &cfg.dialect_restaurant.paths, false},
    };
    for (const auto& [id, paths, takes_resource] : all) {
        const std::string key = fmt::format("dialect_{}.paths", to_string(id));
        for (const std::string& raw : *paths) {
            std::string_view path = without_trailing_slash(raw);
            if (!path.starts_with('/'))
                throw core::config_error(fmt::format("{}: '{}' must start with '/'", key, raw));
            const auto at = path.find(k_id);
            if (at != std::string_view::npos && path.find(k_id, at + 1) != std::string_view::npos)
                throw core::config_error(
                    fmt::format("{}: '{}' has two {{id}}; a path names one resource", key, raw));
            const bool has_id = at != std::string_view::npos;
            if (has_id != takes_resource)
                throw core::config_error(
                    takes_resource
                        ? fmt::format(
                              "{}: '{}' needs a {{id}} segment (the {} it serves), e.g. /ws/{}/{{id}}", key,
                              raw, id == dialect_id::shop ? "user" : "operation", to_string(id))
                        : fmt::format(
                              "{}: '{}' may not contain {{id}}; only progress and shop paths name a resource",
                              key, raw));
            path_rule rule{dialects_[static_cast<std::size_t>(id)].get(), std::string(path), {}, has_id};
            if (has_id) {
                const auto end = at + k_id.size();
                if (path[at - 1] != '/' || (end < path.size() && path[end] != '/'))
                    throw core::config_error(fmt::format(
                        "{}: '{}': {{id}} must be a whole path segment, as in /ws/orders/{{id}}", key, raw));
                rule.prefix = std::string(path.substr(0, at));
                rule.suffix = std::string(path.substr(end));
            }
            for (const auto& other : rules_)
                if (other.prefix == rule.prefix && other.suffix == rule.suffix && other.has_id == rule.has_id)
                    throw core::config_error(
                        fmt::format("{}: '{}' is already the path of dialect {}; give each dialect "
                                    "its own paths",
                                    key, raw, other.d->name()));
            rules_.push_back(std::move(rule));
            enabled_[static_cast<std::size_t>(id)] = true;
        }
    }
}

std::optional<dialect_registry::route> dialect_registry::match(std::string_view path) const {
    path = without_trailing_slash(path);
    for (const auto& r : rules_) {
        if (!r.has_id) {
            if (path == r.prefix) return route{r.d, {}};
            continue;
        }
        if (path.size() <= r.prefix.size() + r.suffix.size() || !path.starts_with(r.prefix) ||
            !path.ends_with(r.suffix))
            continue;
        std::string_view id = path.substr(r.prefix.size(), path.size() - r.prefix.size() - r.suffix.size());
        if (auth::is_valid_channel_id(id)) return route{r.d, std::string(id)};
    }
    return std::nullopt;
}

std::string dialect_registry::describe_paths() const {
    std::string out;
    for (const auto& r : rules_) {
        if (!out.empty()) out += ", ";
        out += r.prefix;
        if (r.has_id) out += fmt::format("{{id}}{}", r.suffix);
    }
    return out.empty() ? "none (every dialect_*.paths is empty)" : out;
}

}  // namespace ordercast::protocol

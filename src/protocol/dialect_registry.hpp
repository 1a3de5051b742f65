#pragma once
// The dialects of this server and the WebSocket paths that lead to them (dialect_*.paths).
// Built once from the configuration; read by every thread afterwards.
#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "protocol/dialect.hpp"

namespace ordercast::protocol {

class dialect_registry {
public:
    // Throws core::config_error for a path that does not start with '/', a "{id}" that is not
    // a whole segment (or is missing from, or present in, a dialect that does or does not
    // take a resource), two "{id}", or one path given to two dialects.
    explicit dialect_registry(const core::config& cfg);
    dialect_registry(const dialect_registry&) = delete;
    dialect_registry& operator=(const dialect_registry&) = delete;

    struct route {
        const dialect* d = nullptr;
        std::string resource_id;  // what stood for {id}; empty for paths without one
    };
    // The dialect of a request path (its query string removed). A trailing '/' is ignored.
    // A {id} segment matches a valid channel id only. nullopt: no WebSocket endpoint here.
    std::optional<route> match(std::string_view path) const;

    const dialect& get(dialect_id id) const noexcept { return *dialects_[static_cast<std::size_t>(id)]; }
    bool enabled(dialect_id id) const noexcept { return enabled_[static_cast<std::size_t>(id)]; }
    // "/v1, /ws, /rooms, ..." for the 404 of an unknown path.
    std::string describe_paths() const;

    // Open connections per dialect, so events are rendered only for dialects someone uses.
    // Any thread. A session calls opened() before its first hub subscription and closed()
    // once when it stops.
    void opened(dialect_id id) noexcept {
        in_use_[static_cast<std::size_t>(id)].fetch_add(1, std::memory_order_relaxed);
    }
    void closed(dialect_id id) noexcept {
        in_use_[static_cast<std::size_t>(id)].fetch_sub(1, std::memory_order_relaxed);
    }
    bool in_use(dialect_id id) const noexcept {
        return in_use_[static_cast<std::size_t>(id)].load(std::memory_order_relaxed) > 0;
    }

private:
    struct path_rule {
        const dialect* d;
        std::string prefix;  // up to {id}, or the whole path
        std::string suffix;  // after {id}
        bool has_id;
    };

    std::array<std::unique_ptr<dialect>, k_dialect_count> dialects_;
    std::vector<path_rule> rules_;
    std::array<bool, k_dialect_count> enabled_{};  // has at least one path
    std::array<std::atomic<int>, k_dialect_count> in_use_{};
};

}  // namespace ordercast::protocol

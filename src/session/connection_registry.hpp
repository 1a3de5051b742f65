#pragma once
// Counts open WebSocket connections per user, per site and per node, and refuses one more
// than the configured limits allow. Touched only on connect and disconnect.
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ordercast::session {

struct connection_limits {
    std::size_t per_user;
    std::size_t per_site;
    std::size_t per_node;
};

class connection_registry {
public:
    explicit connection_registry(connection_limits limits) : limits_(limits) {}

    // Any thread. Returns an empty string and counts the connection, or the sentence that
    // says which limit refused it. An empty user_id (a connection admitted without a token)
    // counts against the site and node limits only.
    std::string try_acquire(const std::string& user_id, const std::string& site);
    // Any thread. Releases what try_acquire counted.
    void release(const std::string& user_id, const std::string& site);
    std::size_t node_count() const;

private:
    connection_limits limits_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::size_t> per_user_;
    std::unordered_map<std::string, std::size_t> per_site_;
    std::size_t node_ = 0;
};

}  // namespace ordercast::session

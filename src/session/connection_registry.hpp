#pragma once
// Counts open WebSocket connections per user, per site and per node, and refuses one more
// than the configured limits allow. Touched only on connect and disconnect. Knowing when a
// user's count leaves and returns to zero, it also tells a presence observer when a user
// arrives (first connection) and leaves (last connection closed).
#include <cstddef>
#include <cstdint>
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

// Told of a user's presence. Both calls run under the registry's lock, so one user's arrivals
// and departures are told in the order they happened; they must not call the registry back.
class presence_observer {
public:
    virtual ~presence_observer() = default;
    // The first open connection of `user_id`.
    virtual void on_arrived(const std::string& user_id, const std::string& site, std::string_view role) = 0;
    // The last connection of `user_id` closed; `connected_ms` since on_arrived.
    virtual void on_left(const std::string& user_id, const std::string& site, std::string_view role,
                         std::int64_t connected_ms) = 0;
};

class connection_registry {
public:
    explicit connection_registry(connection_limits limits) : limits_(limits) {}

    // Set once, before connections come; `observer` must outlive the registry's use.
    void set_presence_observer(presence_observer* observer) noexcept { presence_ = observer; }

    // Any thread. Returns an empty string and counts the connection, or the sentence that
    // says which limit refused it. An empty user_id (a connection admitted without a token)
    // counts against the site and node limits only, and has no presence. `role` is told to
    // the presence observer.
    std::string try_acquire(const std::string& user_id, const std::string& site, std::string_view role = {});
    // Any thread. Releases what try_acquire counted.
    void release(const std::string& user_id, const std::string& site, std::string_view role = {});
    std::size_t node_count() const;

private:
    struct user_count {
        std::size_t open = 0;
        std::int64_t since_ms = 0;  // when the first of them opened
    };

    connection_limits limits_;
    presence_observer* presence_ = nullptr;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, user_count> per_user_;
    std::unordered_map<std::string, std::size_t> per_site_;
    std::size_t node_ = 0;
};

}  // namespace ordercast::session

#pragma once
// A user's presence as events on their site's general channel (the manufacturing clients'
// branch room): user_connected {userId, role, siteId, connectedAt} when their first connection
// opens, user_disconnected {userId, role, siteId, durationMs} when their last one closes.
// Users whose token names no site have no branch and are not told. Plugged into the
// connection registry when floor.presence_events is on.
#include "domain/event_sink.hpp"
#include "session/connection_registry.hpp"

namespace ordercast::app {

class presence_publisher final : public session::presence_observer {
public:
    // `events` must outlive the publisher.
    explicit presence_publisher(domain::event_sink& events) : events_(events) {}

    void on_arrived(const std::string& user_id, const std::string& site, std::string_view role) override;
    void on_left(const std::string& user_id, const std::string& site, std::string_view role,
                 std::int64_t connected_ms) override;

private:
    domain::event_sink& events_;
};

}  // namespace ordercast::app

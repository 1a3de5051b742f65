#include "app/hub_event_sink.hpp"

#include <utility>

#include "hub/hub.hpp"

namespace ordercast::app {

void hub_event_sink::publish(domain::outgoing_event ev) {
    hub_.publish({std::move(ev.channel), std::move(ev.type), std::move(ev.data), ev.requires_ack});
}

bool hub_event_sink::has_subscribers(std::string_view channel) const {
    return hub_.subscriber_count(channel) != 0;
}

bool hub_event_sink::has_any_subscriber() const {
    return hub_.snapshot().subscriptions != 0;
}

}  // namespace ordercast::app

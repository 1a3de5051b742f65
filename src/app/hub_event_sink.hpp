#pragma once
// The domain's event sink onto this node's hub: a publish becomes hub::publish with the same
// strings (moved, not copied), the subscriber questions read the hub's counts.
#include "domain/event_sink.hpp"

namespace ordercast::hub {
class hub;
}

namespace ordercast::app {

class hub_event_sink final : public domain::event_sink {
public:
    // `hub` must outlive the sink.
    explicit hub_event_sink(hub::hub& hub) : hub_(hub) {}

    void publish(domain::outgoing_event ev) override;
    bool has_subscribers(std::string_view channel) const override;
    bool has_any_subscriber() const override;

private:
    hub::hub& hub_;
};

}  // namespace ordercast::app

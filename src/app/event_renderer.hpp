#pragma once
// The hub's renderer: each published event becomes one WebSocket frame per dialect in use,
// written once into the event's rendering slots and shared by every subscriber of that
// dialect (DESIGN §1). Runs on the publishing thread inside hub::publish.
#include "hub/event.hpp"

namespace ordercast::protocol {
class dialect_registry;
}

namespace ordercast::app {

class event_renderer {
public:
    // `dialects` must outlive the renderer.
    explicit event_renderer(const protocol::dialect_registry& dialects) : dialects_(dialects) {}

    // Fills ev.renderings: v1 always (history replays it), every other enabled dialect only
    // while it has an open connection. A dialect that throws is logged and leaves its slot
    // empty: a dialect's bug never unpublishes a canonical event.
    void operator()(hub::event& ev) const;

private:
    const protocol::dialect_registry& dialects_;
};

}  // namespace ordercast::app

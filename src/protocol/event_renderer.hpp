#pragma once
// The hub's renderer: each published event becomes one WebSocket frame per dialect in use,
// written once into the event's rendering slots and shared by every subscriber of that
// dialect. Runs on the publishing thread inside hub::publish. The frames' RFC 6455 headers
// come from net/websocket's pure framing module, the one part of net/ protocol may use.
#include "hub/event.hpp"
#include "protocol/dialect.hpp"

namespace ordercast::protocol {

class dialect_registry;

class event_renderer {
public:
    // `dialects` must outlive the renderer.
    explicit event_renderer(const dialect_registry& dialects) : dialects_(dialects) {}

    // Fills ev.renderings (sized once, up to the last dialect rendered). Only dialects with a
    // path are rendered: v1 (by default on /v1), every enabled dialect that acknowledges and
    // replays (restaurant), since history replays their frames to clients that resume later,
    // and every other enabled dialect only while it has an open connection. A dialect that throws
    // is logged and leaves its slot empty: a dialect's bug never unpublishes a canonical event.
    void operator()(hub::event& ev) const;

private:
    bool wanted(dialect_id id) const noexcept;

    const dialect_registry& dialects_;
};

}  // namespace ordercast::protocol

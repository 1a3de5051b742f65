#pragma once
// What a worker needs from each of its WebSocket connections: readiness of a plain socket
// (readiness_handler), a flush after a batch of deliveries, a periodic tick, and a shutdown
// request. Connections sit in their worker's intrusive list (no allocation per connection for
// bookkeeping).
#include <cstdint>

#include "net/readiness_poller.hpp"

namespace ordercast::net {

class connection_base : public readiness_handler {
public:
    // The worker prefetches this much of a connection, from its start, a few connections before
    // flushing it: what flush() reads first (see websocket_connection's member order).
    static constexpr std::uint32_t k_flush_bytes = 128;

    // Writes what is queued (called once per batch, after hub::drain).
    virtual void flush() = 0;
    // About once a second: heartbeat, idle timeout, acks, token expiry, close deadline.
    // `unix_ms` is wall time (token expiry, timestamps); `mono_ms` the steady clock (timeouts).
    virtual void tick(std::int64_t unix_ms, std::int64_t mono_ms) = 0;
    // Graceful shutdown: close with 1001 after the queued frames.
    virtual void shutdown() = 0;
    // Ends the connection at once, without a close handshake (the server is being torn down).
    virtual void abort() = 0;

    connection_base* prev_ = nullptr;
    connection_base* next_ = nullptr;
    bool dirty_ = false;  // already in the worker's dirty list

protected:
    ~connection_base() = default;
};

}  // namespace ordercast::net

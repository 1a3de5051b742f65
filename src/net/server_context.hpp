#pragma once
// What the HTTP side of the gateway shares across connections.
#include <boost/asio/ssl/context.hpp>

#include <atomic>

#include "session/session_context.hpp"

namespace ordercast::net {

class http_handler;

struct server_context {
    session::session_context& session;
    const http_handler& http;        // answers every request that is not an upgrade
    boost::asio::ssl::context* tls;  // nullptr: plain http/ws
    std::atomic<bool>& shutting_down;
};

}  // namespace ordercast::net

#pragma once
// What the HTTP side of the gateway shares across connections.
#include <boost/asio/ssl/context.hpp>

#include <atomic>

#include "session/session_context.hpp"

namespace ordercast::api {
class router;
}

namespace ordercast::net {

struct server_context {
    session::session_context& session;
    const api::router& router;
    boost::asio::ssl::context* tls;  // nullptr: plain http/ws
    std::atomic<bool>& shutting_down;
};

}  // namespace ordercast::net

#pragma once
// What the gateway calls to answer a plain HTTP request (not an upgrade). The application
// plugs in the REST router; the gateway knows no route.
#include <string_view>

#include "net/http_request.hpp"
#include "net/http_response.hpp"

namespace ordercast::net {

class http_handler {
public:
    virtual ~http_handler() = default;
    // Answers `req`. Called on any worker thread, concurrently: must not modify shared state
    // without its own synchronisation. `route_name` receives a name for the request's route
    // from a bounded set (it labels the HTTP metrics) that stays valid as long as the
    // handler. May throw: the gateway answers 500 and logs the message.
    virtual http_response handle(http_request& req, std::string_view& route_name) const = 0;
};

}  // namespace ordercast::net

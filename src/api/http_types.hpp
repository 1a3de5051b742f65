#pragma once
// The REST layer's names for the gateway's neutral HTTP request and response, so handlers
// know nothing of Beast and the gateway knows nothing of routes.
#include "net/http_request.hpp"
#include "net/http_response.hpp"

namespace ordercast::api {

using request = net::http_request;
using response = net::http_response;
using net::error_response;
using net::json_response;

}  // namespace ordercast::api

#pragma once
// WebSocket upgrade admission (RFC 6455 4.2): which dialect the path leads to, whether the
// Origin may open WebSockets here, the version and key checks, where the token came from and
// whether it verifies, and the 101 response. Pure functions over the parsed request: no
// socket, no connection state, so every refusal is unit-tested here.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "auth/principal.hpp"
#include "core/error_code.hpp"
#include "protocol/dialect.hpp"

namespace ordercast::auth {
class jwt_verifier;
}
namespace ordercast::protocol {
class dialect_registry;
}

namespace ordercast::net {

using beast_request = boost::beast::http::request<boost::beast::http::string_body>;

// Where the client put its token, and what subprotocol to echo (empty: none).
struct token_source {
    std::string token;
    std::string accepted_protocol;
};

// Looks in ?token=, then Authorization: Bearer, then Sec-WebSocket-Protocol (the offered
// value shaped like a JWT). The echoed protocol is the first offered value that is not the
// token, or the token itself when it was offered alone.
token_source find_token(const beast_request& req);

// Returns the value of `name` in the query string of `target`, percent-decoded.
std::optional<std::string> query_param(std::string_view target, std::string_view name);

// True when `origin` is allowed: no list configured, no Origin header, or an exact match.
bool origin_allowed(const std::vector<std::string>& allowed, std::string_view origin);

// "HTTP/1.1 101 Switching Protocols ..." for a valid client key.
std::string switching_protocols_response(std::string_view client_key, std::string_view protocol);

// An upgrade refused before it happens: answered over HTTP with {"error":{code,message}}
// and the connection closed. A 426 also carries `Sec-WebSocket-Version: 13`.
struct upgrade_refusal {
    int status = 400;
    core::error_code code = core::error_code::bad_request;
    std::string message;
};

// An upgrade that happens. Token problems are not refusals: browsers cannot read an HTTP
// answer to a failed upgrade, so the dialect tells the client after the 101 (`refused`) and
// closes with 1008 — unless the dialect refuses at the upgrade (dialect_traits).
struct upgrade_outcome {
    std::string response;                        // the HTTP 101 response bytes
    const protocol::dialect* dialect = nullptr;  // the path's dialect (never null once routed)
    std::string resource_id;                     // the path's {id}, or empty
    bool anonymous = false;                      // admitted without a token (dialect::anonymous)
    std::optional<auth::principal> principal;    // set when admitted
    protocol::refusal refused{};                 // when not: why ...
    std::string refusal_message;                 // ... in a sentence (the dialect decides what to send)
    std::string leftover;                        // bytes the client sent after its upgrade request
};

// What admission reads besides the request. All references outlive the call.
struct admission_rules {
    const protocol::dialect_registry& dialects;
    const std::vector<std::string>& allowed_origins;  // server.allowed_origins
    const auth::jwt_verifier& verifier;
};

// Decides an upgrade request, in the order a client's mistakes are most useful to hear:
// unknown path (404), foreign Origin (403), version other than 13 (426), bad key (400); then
// the token (?token=, Bearer, subprotocol) and the dialect's resource check, refused here with
// 401 (403 for another's resource) when the dialect refuses at the upgrade. `now_s` is the
// Unix time tokens are checked against. `leftover` is left empty for the caller to fill.
// Any thread.
std::variant<upgrade_refusal, upgrade_outcome> admit_upgrade(const beast_request& req,
                                                             const admission_rules& rules,
                                                             std::int64_t now_s);

}  // namespace ordercast::net

#include "net/upgrade.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "auth/verified_token_cache.hpp"
#include "net/websocket/handshake.hpp"
#include "protocol/dialect_registry.hpp"

namespace ordercast::net {
namespace http = boost::beast::http;

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool looks_like_jwt(std::string_view s) {
    return std::count(s.begin(), s.end(), '.') == 2 && s.size() > 10;
}

}  // namespace

std::optional<std::string> query_param(std::string_view target, std::string_view name) {
    auto q = target.find('?');
    if (q == std::string_view::npos) return std::nullopt;
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        auto eq = pair.find('=');
        if (pair.substr(0, eq) == name) {
            std::string value;
            std::string_view raw = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (raw[i] == '%' && i + 2 < raw.size() && hex_value(raw[i + 1]) >= 0 &&
                    hex_value(raw[i + 2]) >= 0) {
                    value.push_back(static_cast<char>(hex_value(raw[i + 1]) * 16 + hex_value(raw[i + 2])));
                    i += 2;
                } else if (raw[i] == '+') {
                    value.push_back(' ');
                } else {
                    value.push_back(raw[i]);
                }
            }
            return value;
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

token_source find_token(const beast_request& req) {
    token_source out;
    if (auto t = query_param(req.target(), "token"); t && !t->empty()) {
        out.token = std::move(*t);
    } else if (auto auth = req[http::field::authorization]; auth.starts_with("Bearer ")) {
        out.token = std::string(auth.substr(7));
    }
    auto offered = req[http::field::sec_websocket_protocol];
    if (offered.empty()) return out;
    auto list = websocket::parse_protocol_list(offered);
    if (!list || list->empty()) return out;
    std::string_view token_entry;
    std::string_view other;
    for (auto p : *list) {
        if (token_entry.empty() && looks_like_jwt(p))
            token_entry = p;
        else if (other.empty())
            other = p;
    }
    if (out.token.empty() && !token_entry.empty()) out.token = std::string(token_entry);
    // Browsers fail the handshake unless one offered protocol is echoed.
    if (!other.empty())
        out.accepted_protocol = std::string(other);
    else if (!token_entry.empty())
        out.accepted_protocol = std::string(token_entry);
    return out;
}

bool origin_allowed(const std::vector<std::string>& allowed, std::string_view origin) {
    if (allowed.empty() || origin.empty()) return true;
    return std::find(allowed.begin(), allowed.end(), origin) != allowed.end();
}

std::string switching_protocols_response(std::string_view client_key, std::string_view protocol) {
    std::string r =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: "
        "Upgrade\r\nSec-WebSocket-Accept: ";
    r += websocket::compute_accept_key(client_key);
    r += "\r\n";
    if (!protocol.empty()) {
        r += "Sec-WebSocket-Protocol: ";
        r += protocol;
        r += "\r\n";
    }
    r += "\r\n";
    return r;
}

// ---------------------------------------------------------------------------------------
// admission
// ---------------------------------------------------------------------------------------
namespace {

// The token part of the decision: who the client is, or why not (told after the 101).
void admit_token(const admission_rules& rules, std::int64_t now_s, std::string_view path,
                 std::string_view token, upgrade_outcome& out) {
    if (token.empty()) {
        out.principal = out.dialect->anonymous(out.resource_id);
        out.anonymous = out.principal.has_value();
        out.refused = protocol::refusal::missing_token;
        out.refusal_message =
            "no token: pass it as ?token=, an 'Authorization: Bearer' header, or a Sec-WebSocket-Protocol "
            "value";
    } else {
        auto verified = auth::verify_cached(rules.verifier, token, now_s);
        if (verified) {
            out.principal = std::move(verified.value());
        } else {
            const auto why = verified.error().code;
            out.refused = why == auth::errc::expired           ? protocol::refusal::expired_token
                          : why == auth::errc::missing_subject ? protocol::refusal::no_subject
                                                               : protocol::refusal::bad_token;
            out.refusal_message = verified.error().message;
        }
    }
    if (out.principal) {
        if (auto refused = out.dialect->check_resource(*out.principal, out.resource_id)) {
            out.principal.reset();
            out.refused = *refused;
            out.refusal_message = "this token may not use " + std::string(path);
        }
    }
}

}  // namespace

std::variant<upgrade_refusal, upgrade_outcome> admit_upgrade(const beast_request& req,
                                                             const admission_rules& rules,
                                                             std::int64_t now_s) {
    using core::error_code;
    std::string_view target = req.target();
    std::string_view path = target.substr(0, target.find('?'));
    auto route = rules.dialects.match(path);
    if (!route)
        return upgrade_refusal{404, error_code::not_found,
                               fmt::format("no WebSocket endpoint at {}; this server's are {}", path,
                                           rules.dialects.describe_paths())};
    if (!origin_allowed(rules.allowed_origins, req[http::field::origin]))
        return upgrade_refusal{403, error_code::insufficient_permissions,
                               "this Origin may not open WebSockets here; add it to server.allowed_origins"};
    if (req[http::field::sec_websocket_version] != "13")
        return upgrade_refusal{426, error_code::bad_request, "only WebSocket version 13 is supported"};
    auto key = req[http::field::sec_websocket_key];
    if (!websocket::is_valid_client_key(key))
        return upgrade_refusal{400, error_code::bad_request, "Sec-WebSocket-Key must be 16 bytes in base64"};
    token_source source = find_token(req);
    upgrade_outcome out;
    out.response = switching_protocols_response(key, source.accepted_protocol);
    out.dialect = route->d;
    out.resource_id = std::move(route->resource_id);
    admit_token(rules, now_s, path, source.token, out);
    if (!out.principal && out.dialect->traits().refuse_at_upgrade) {
        if (out.refused == protocol::refusal::not_allowed)
            return upgrade_refusal{403, error_code::insufficient_permissions, std::move(out.refusal_message)};
        return upgrade_refusal{401,
                               out.refused == protocol::refusal::expired_token
                                   ? error_code::token_expired
                                   : error_code::authentication_failed,
                               std::move(out.refusal_message)};
    }
    return out;
}

}  // namespace ordercast::net

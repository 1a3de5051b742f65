#pragma once

#include <string>
#include <string_view>

namespace ordercast::auth {

// Tokens must never reach a log. redact_token() gives a stand-in that still lets two
// log lines be matched to the same token: "<token len=183 sha256=1f2e3d4c>"
// (the first 4 bytes of SHA-256 over the token). An empty input gives "<no token>".
std::string redact_token(std::string_view token);

}  // namespace ordercast::auth

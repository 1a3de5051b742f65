#pragma once

#include <optional>
#include <string_view>

namespace ordercast::auth {

// The JWS algorithms ordercast accepts. Exactly one is configured per verifier.
enum class jwt_algorithm { hs256, rs256, es256 };

// Accepts the configuration spelling, case-insensitively: "hs256", "HS256", ...
std::optional<jwt_algorithm> parse_jwt_algorithm(std::string_view name) noexcept;

// The JOSE header value: "HS256", "RS256" or "ES256".
std::string_view header_name(jwt_algorithm a) noexcept;

}  // namespace ordercast::auth

#pragma once
// What the resource handlers (orders, customers) share: query strings, conditional and
// idempotent request headers, and domain errors as responses.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http_types.hpp"
#include "domain/domain_error.hpp"

namespace ordercast::api {

// {"error":{"code","message","details"?}} with the code's HTTP status; 503 adds Retry-After.
response domain_error_response(const domain::domain_error& e);

// The query parameter that carries a bearer token (`?token=`) for clients that cannot set
// headers. It belongs to authentication: every route accepts it, query_params skips it.
inline constexpr std::string_view k_token_query_parameter = "token";

// The percent-decoded value of the first `token` parameter of `query`; "" when absent, empty
// or malformed.
std::string query_token(std::string_view query);

// A parsed query string. Names and values are percent-decoded ('+' is a space).
class query_params {
public:
    // Fails (400) on a malformed escape, or a name outside `allowed`, naming the allowed ones.
    // `token` (k_token_query_parameter) is never refused and never kept.
    static std::optional<query_params> parse(std::string_view query,
                                             std::span<const std::string_view> allowed, response& refusal);
    static std::optional<query_params> parse(std::string_view query,
                                             std::initializer_list<std::string_view> allowed,
                                             response& refusal) {
        return parse(query, std::span<const std::string_view>(allowed.begin(), allowed.size()), refusal);
    }
    // The last value given for `name`, or "" when absent.
    [[nodiscard]] std::string get(std::string_view name) const;
    [[nodiscard]] bool has(std::string_view name) const;
    // An integer parameter (default when absent); sets `refusal` (400) when not an integer.
    std::optional<int> integer(std::string_view name, int fallback, response& refusal) const;
    // A time: Unix milliseconds, or ISO 8601 UTC ("2024-01-15T10:30:00Z", with optional
    // milliseconds). nullopt when absent; sets `refusal` (400) when malformed.
    std::optional<std::int64_t> time(std::string_view name, response& refusal) const;

private:
    std::vector<std::pair<std::string, std::string>> items_;
};

// The version an If-Match header names: `"3"`, `W/"3"` or `3`. nullopt for an absent header
// or `*` (any current version); sets `refusal` (400) when malformed.
std::optional<std::int64_t> parse_if_match(std::string_view header, response& refusal);

// An Idempotency-Key must be 1-255 visible ASCII characters; false sets `refusal` (400).
bool valid_idempotency_key(std::string_view key, response& refusal);

// Parses "2024-01-15T10:30:00Z" / "2024-01-15T10:30:00.123Z" to Unix milliseconds.
std::optional<std::int64_t> parse_iso8601_utc(std::string_view text);

}  // namespace ordercast::api

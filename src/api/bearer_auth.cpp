#include "api/bearer_auth.hpp"

#include "api/rest_support.hpp"
#include "auth/verified_token_cache.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"

namespace ordercast::api {

std::optional<auth::principal> authenticate(const request& req, const auth::jwt_verifier& verifier,
                                            response& refusal) {
    constexpr std::string_view k_scheme = "Bearer ";
    std::string_view header = req.authorization;
    std::string from_query;
    std::string_view token;
    if (header.size() > k_scheme.size() && header.starts_with(k_scheme)) {
        token = header.substr(k_scheme.size());
    } else if (header.empty() && !req.query.empty()) {
        from_query = query_token(req.query);
        token = from_query;
    }
    if (token.empty()) {
        refusal = error_response(core::error_code::authentication_failed,
                                 "send a token in an 'Authorization: Bearer <token>' header or a ?token= "
                                 "query parameter");
        return std::nullopt;
    }
    auto verified = auth::verify_cached(verifier, token, core::unix_seconds());
    if (!verified) {
        core::global_metrics().auth_failures.fetch_add(1, std::memory_order_relaxed);
        bool expired = verified.error().code == auth::errc::expired;
        refusal = error_response(
            expired ? core::error_code::token_expired : core::error_code::authentication_failed,
            verified.error().message);
        return std::nullopt;
    }
    return std::move(verified.value());
}

}  // namespace ordercast::api

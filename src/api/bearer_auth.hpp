#pragma once
// Authenticates a REST request from its `Authorization: Bearer` header or, for clients that
// cannot set headers, its `?token=` query parameter. The token never reaches a log: the
// gateway logs paths without their query, and refusals never quote the token.
#include <optional>

#include "api/http_types.hpp"
#include "auth/jwt_verifier.hpp"
#include "auth/principal.hpp"

namespace ordercast::api {

// Returns the principal, or sets `refusal` to the 401 response to send. The header wins when
// both are present.
std::optional<auth::principal> authenticate(const request& req, const auth::jwt_verifier& verifier,
                                            response& refusal);

}  // namespace ordercast::api

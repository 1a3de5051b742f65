#pragma once
// Authenticates a REST request from its `Authorization: Bearer` header.
#include <optional>

#include "api/http_types.hpp"
#include "auth/jwt_verifier.hpp"
#include "auth/principal.hpp"

namespace ordercast::api {

// Returns the principal, or sets `refusal` to the 401 response to send.
std::optional<auth::principal> authenticate(const request& req, const auth::jwt_verifier& verifier,
                                            response& refusal);

}  // namespace ordercast::api

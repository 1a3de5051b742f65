#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace ordercast::auth {

// Why a token was refused. One enum for the module, usable as std::error_code.
enum class errc {
    malformed = 1,          // not a compact JWS, bad base64url or JSON, missing/invalid exp
    algorithm_not_allowed,  // header alg differs from the configured one (incl. "none")
    bad_signature,
    expired,
    not_yet_valid,  // nbf in the future beyond the leeway
    wrong_issuer,
    wrong_audience,
    missing_subject,
    invalid_role,  // role claim missing or not one of the known roles
    unknown_key,   // the token names a key (kid) the issuer's published key set does not hold
};

const std::error_category& auth_category() noexcept;
std::error_code make_error_code(errc e) noexcept;

// Short stable name of the code, e.g. "bad_signature"; for logs and metrics labels.
std::string_view to_string(errc e) noexcept;

// The client-facing protocol error code: "TOKEN_EXPIRED" for an expired
// token (the client should refresh), "AUTHENTICATION_FAILED" for everything else.
std::string_view protocol_error_code(errc e) noexcept;

// A refused token: the code plus one sentence that says what happened and what to do.
// The message never contains the token itself, so it is safe to log and to send.
struct auth_failure {
    errc code;
    std::string message;
};

// Thrown while building auth components from configuration (bad key, bad pattern).
// The message names the offending setting and says how to fix it.
class config_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace ordercast::auth

template <>
struct std::is_error_code_enum<ordercast::auth::errc> : std::true_type {};

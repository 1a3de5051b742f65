#pragma once
// Token verification with a per-thread memory of the tokens that passed.
//
// Why: a backend publishing over REST, and devices reconnecting, send the same bearer token
// again and again; checking its signature (HMAC or RSA/ECDSA) and parsing its JSON each time
// is most of the user-space cost of a small publish. A remembered token is the exact same
// text, verified by the same verifier, and is answered from memory only while its `exp` has
// not passed (no leeway: past `exp` the full check decides, leeway included). Refused tokens
// are not remembered, so a flood of bad tokens costs what it costs without the cache.
//
// Threading: the memory is thread-local (no locks); each worker thread warms its own.
// Bounded: at most k_verified_token_cache_entries per thread, forgotten all at once when full.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "auth/jwt_verifier.hpp"

namespace ordercast::auth {

inline constexpr std::size_t k_verified_token_cache_entries = 1024;

// As verifier.verify(token, now_seconds).
[[nodiscard]] core::result<principal, auth_failure> verify_cached(const jwt_verifier& verifier,
                                                                  std::string_view token,
                                                                  std::int64_t now_seconds);

}  // namespace ordercast::auth

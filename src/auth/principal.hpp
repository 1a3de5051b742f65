#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auth/role.hpp"

namespace ordercast::auth {

// Who is on the other end of a connection, as established by a verified token.
// Immutable after verification; a refreshed token produces a new principal.
struct principal {
    std::string user_id;  // the token's `sub`, never empty
    auth::role role = auth::role::customer;
    std::string site;                   // empty when the token names no site
    std::vector<std::string> stations;  // counters, machines or cutters assigned
    std::int64_t expires_at = 0;        // the token's `exp`, seconds since the Unix epoch
};

}  // namespace ordercast::auth

#pragma once
// Which claims of a token carry ordercast's principal, for issuers that do not use ordercast's
// own names: the user may be `userId`, the site `branchId` or `cafeId`, the role `userType`, and
// the issuer's role names ("staff", "authenticated") may differ from ordercast's roles.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/role.hpp"

namespace ordercast::auth {

// Built from auth.claims.* and auth.role_map; immutable once built, shared by every thread.
struct claim_mapping {
    std::string user = "sub";           // auth.claims.user
    std::string role = "role";          // auth.claims.role
    std::string site = "site";          // auth.claims.site
    std::string stations = "stations";  // auth.claims.stations
    // Issuer role name -> ordercast role, from auth.role_map entries "issuer=ordercast".
    std::vector<std::pair<std::string, auth::role>> role_map;

    // The ordercast role a token's role claim value means: the role map's entry for it when
    // there is one, else the value itself when it is one of ordercast's role names, else nullopt.
    [[nodiscard]] std::optional<auth::role> map_role(std::string_view issuer_role) const noexcept;
};

// Parses auth.role_map entries ("staff=employee", spaces around the names allowed). Throws
// config_error naming auth.role_map for an entry without '=', an empty name, an unknown
// ordercast role or an issuer name given twice.
std::vector<std::pair<std::string, role>> parse_role_map(const std::vector<std::string>& entries);

// Checks the four claim names: not empty, different from each other, and none of the
// registered claims ordercast reads itself (iss, aud, exp, nbf, iat). Throws config_error
// naming the auth.claims.* key.
void validate_claim_mapping(const claim_mapping& mapping);

}  // namespace ordercast::auth

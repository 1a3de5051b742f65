#include "auth/jwt_algorithm.hpp"

#include <array>

namespace ordercast::auth {

std::optional<jwt_algorithm> parse_jwt_algorithm(std::string_view name) noexcept {
    constexpr std::array all{jwt_algorithm::hs256, jwt_algorithm::rs256, jwt_algorithm::es256};
    for (jwt_algorithm a : all) {
        const std::string_view canonical = header_name(a);
        if (canonical.size() != name.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < name.size() && same; ++i) {
            char c = name[i];
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            same = c == canonical[i];
        }
        if (same) return a;
    }
    return std::nullopt;
}

std::string_view header_name(jwt_algorithm a) noexcept {
    switch (a) {
        case jwt_algorithm::hs256:
            return "HS256";
        case jwt_algorithm::rs256:
            return "RS256";
        case jwt_algorithm::es256:
            return "ES256";
    }
    return "";
}

}  // namespace ordercast::auth

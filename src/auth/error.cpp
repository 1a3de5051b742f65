#include "auth/error.hpp"

namespace ordercast::auth {
namespace {

class category final : public std::error_category {
public:
    const char* name() const noexcept override { return "ordercast.auth"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
            case errc::malformed:
                return "the token is not a well-formed JWT; send a compact JWS token";
            case errc::algorithm_not_allowed:
                return "the token's signing algorithm is not the one this server accepts";
            case errc::bad_signature:
                return "the token's signature does not verify; obtain a token from the configured issuer";
            case errc::expired:
                return "the token has expired; refresh it or sign in again";
            case errc::not_yet_valid:
                return "the token is not valid yet; check the issuer's clock";
            case errc::wrong_issuer:
                return "the token was issued by an issuer this server does not trust";
            case errc::wrong_audience:
                return "the token is meant for another audience";
            case errc::missing_subject:
                return "the token has no subject (sub) claim";
            case errc::invalid_role:
                return "the token's role claim is missing or unknown";
            case errc::unknown_key:
                return "the token is signed with a key the issuer does not publish";
        }
        return "unknown authentication error";
    }
};

}  // namespace

const std::error_category& auth_category() noexcept {
    static const category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), auth_category()};
}

std::string_view to_string(errc e) noexcept {
    switch (e) {
        case errc::malformed:
            return "malformed";
        case errc::algorithm_not_allowed:
            return "algorithm_not_allowed";
        case errc::bad_signature:
            return "bad_signature";
        case errc::expired:
            return "expired";
        case errc::not_yet_valid:
            return "not_yet_valid";
        case errc::wrong_issuer:
            return "wrong_issuer";
        case errc::wrong_audience:
            return "wrong_audience";
        case errc::missing_subject:
            return "missing_subject";
        case errc::invalid_role:
            return "invalid_role";
        case errc::unknown_key:
            return "unknown_key";
    }
    return "unknown";
}

std::string_view protocol_error_code(errc e) noexcept {
    return e == errc::expired ? "TOKEN_EXPIRED" : "AUTHENTICATION_FAILED";
}

}  // namespace ordercast::auth

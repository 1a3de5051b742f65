#include "auth/jwt_verifier.hpp"

#include <openssl/crypto.h>

#include <algorithm>

#include "auth/base64url.hpp"
#include "auth/detail/jwt_json.hpp"
#include "auth/detail/key_generation.hpp"
#include "auth/detail/openssl.hpp"
#include "auth/jwks_cache.hpp"

namespace ordercast::auth {

struct jwt_verifier::key_state {
    jwt_algorithm algorithm = jwt_algorithm::hs256;
    std::string secret;
    detail::pkey_ptr public_key;
    std::shared_ptr<jwks_cache> jwks;
    std::string issuer;
    std::string audience;
    std::int64_t leeway = 0;
    bool require_exp = true;
    claim_mapping claims;

    key_state() = default;
    key_state(const key_state&) = delete;
    key_state& operator=(const key_state&) = delete;
    ~key_state() { OPENSSL_cleanse(secret.data(), secret.size()); }
};

namespace {

// More skew than a day would make expiry meaningless (and keeps exp + leeway in range).
constexpr std::int64_t k_max_leeway = 86400;

auth_failure fail(errc code, std::string message) {
    return {code, std::move(message)};
}

// Scratch buffers reused by every verify() on a thread, so steady state does not allocate.
struct scratch {
    std::string json;
    std::string signature;
    std::string der;
};

scratch& thread_scratch() {
    thread_local scratch s;
    return s;
}

std::string algorithm_refusal(std::string_view got, jwt_algorithm want) {
    std::string message = "the token is signed with ";
    if (got.empty() || got.size() > 16) {
        message += "an unsupported algorithm";
    } else {
        message += '\'';
        // Only printable characters: the header is attacker-controlled text.
        for (char c : got) message += (c >= 0x20 && c < 0x7f) ? c : '?';
        message += '\'';
    }
    message += " but this server accepts only ";
    message += header_name(want);
    message += "; ask the token issuer for an ";
    message += header_name(want);
    message += " token";
    return message;
}

}  // namespace

jwt_verifier::jwt_verifier(const jwt_key_config& config) : key_id_(detail::next_key_generation()) {
    auto state = std::make_shared<key_state>();
    state->algorithm = config.algorithm;
    state->issuer = config.issuer;
    state->audience = config.audience;
    state->leeway = config.leeway_seconds;
    state->require_exp = config.require_exp;
    validate_claim_mapping(config.claims);
    state->claims = config.claims;
    if (config.leeway_seconds < 0 || config.leeway_seconds > k_max_leeway) {
        throw config_error("auth.leeway_s must be between 0 and 86400 (default 30)");
    }

    if (config.algorithm == jwt_algorithm::hs256) {
        if (config.secret.empty()) {
            throw config_error(
                "auth.jwt_secret is empty; HS256 needs a shared secret (at least 32 random bytes)");
        }
        if (config.secret.find("-----BEGIN") != std::string::npos) {
            throw config_error(
                "auth.jwt_secret holds a PEM key, but the algorithm is HS256; set auth.jwt_algorithm to "
                "RS256 or ES256 "
                "and put the key in auth.jwt_public_key_file, or use a random shared secret");
        }
        if (!config.public_key_pem.empty()) {
            throw config_error(
                "auth.jwt_public_key_file is set, but the algorithm is HS256; remove it or set "
                "auth.jwt_algorithm to RS256 or ES256");
        }
        state->secret = config.secret;
    } else if (config.jwks) {
        if (!config.public_key_pem.empty()) {
            throw config_error(
                "auth.jwt_public_key_file is set as well as auth.jwks_url; keep one source of the issuer's "
                "keys");
        }
        if (!config.secret.empty()) {
            throw config_error(
                "auth.jwt_secret is set, but the keys come from auth.jwks_url; remove the secret, a "
                "public-key verifier must not accept HMAC tokens");
        }
        state->jwks = config.jwks;
    } else {
        const std::string_view alg = header_name(config.algorithm);
        if (config.public_key_pem.empty()) {
            throw config_error("auth.jwt_public_key_file is empty; " + std::string(alg) +
                               " needs the issuer's public key PEM");
        }
        if (!config.secret.empty()) {
            throw config_error("auth.jwt_secret is set, but the algorithm is " + std::string(alg) +
                               "; remove the secret, a public-key verifier must not accept HMAC tokens");
        }
        auto key = detail::load_public_key_pem(config.public_key_pem);
        if (!key) throw config_error("auth.jwt_public_key_file: " + key.error());
        if (std::string mismatch = detail::describe_key_mismatch(key->get(), alg); !mismatch.empty()) {
            throw config_error("auth.jwt_public_key_file: " + mismatch);
        }
        state->public_key = std::move(*key);
    }
    key_ = std::move(state);
}

jwt_algorithm jwt_verifier::algorithm() const noexcept {
    return key_->algorithm;
}

std::uint64_t jwt_verifier::key_id() const noexcept {
    return key_->jwks ? key_->jwks->keys()->generation() : key_id_;
}

core::result<principal, auth_failure> jwt_verifier::verify(std::string_view token,
                                                           std::int64_t now_seconds) const {
    const key_state& key = *key_;
    scratch& buf = thread_scratch();

    // --- shape: header.payload.signature -------------------------------------------
    if (token.empty())
        return fail(errc::malformed, "no token was sent; pass a JWT in ?token= or Authorization: Bearer");
    if (token.size() > k_max_token_size) {
        return fail(errc::malformed, "the token is longer than 8192 bytes; use a smaller token");
    }
    const std::size_t dot1 = token.find('.');
    const std::size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
        return fail(errc::malformed, "the token is not a compact JWS (three base64url parts joined by '.')");
    }
    const std::string_view header_b64 = token.substr(0, dot1);
    const std::string_view payload_b64 = token.substr(dot1 + 1, dot2 - dot1 - 1);
    const std::string_view signature_b64 = token.substr(dot2 + 1);
    const std::string_view signing_input = token.substr(0, dot2);

    // --- header and algorithm ------------------------------------------------------
    if (!base64url_decode(header_b64, buf.json)) {
        return fail(errc::malformed, "the token header is not valid base64url");
    }
    auto header = detail::parse_jose_header(buf.json);
    if (!header) return fail(errc::malformed, header.error());
    if (header->alg != header_name(key.algorithm)) {
        return fail(errc::algorithm_not_allowed, algorithm_refusal(header->alg, key.algorithm));
    }

    // --- signature -----------------------------------------------------------------
    if (!base64url_decode(signature_b64, buf.signature)) {
        return fail(errc::malformed, "the token signature is not valid base64url");
    }
    // With JWKS, the key the token names; held for the whole check, whatever a refresh does.
    std::shared_ptr<const jwk_set> published;
    EVP_PKEY* public_key = key.public_key.get();
    if (key.jwks) {
        published = key.jwks->keys();
        public_key = header->kid ? published->find(*header->kid) : published->sole_key();
        if (public_key == nullptr) {
            if (!header->kid) {
                return fail(errc::unknown_key,
                            "the token names no key (kid) and the issuer publishes several; get a token "
                            "from the configured issuer");
            }
            key.jwks->request_refresh();
            return fail(errc::unknown_key,
                        "the token is signed with a key the issuer does not publish (yet); the server is "
                        "fetching the issuer's keys again, retry in a few seconds");
        }
    }
    bool valid = false;
    switch (key.algorithm) {
        case jwt_algorithm::hs256: {
            detail::sha256_mac mac{};
            valid = buf.signature.size() == mac.size() &&
                    detail::hmac_sha256(key.secret, signing_input, mac) &&
                    CRYPTO_memcmp(mac.data(), buf.signature.data(), mac.size()) == 0;
            break;
        }
        case jwt_algorithm::rs256:
            valid = detail::verify_sha256(public_key, signing_input, buf.signature);
            break;
        case jwt_algorithm::es256:
            valid = detail::ecdsa_raw_to_der(buf.signature, buf.der) &&
                    detail::verify_sha256(public_key, signing_input, buf.der);
            break;
    }
    if (!valid) {
        return fail(errc::bad_signature,
                    "the token signature does not verify; it was altered or signed with another key, "
                    "get a new token from the configured issuer");
    }

    // --- claims --------------------------------------------------------------------
    if (!base64url_decode(payload_b64, buf.json)) {
        return fail(errc::malformed, "the token payload is not valid base64url");
    }
    auto claims = detail::parse_jwt_claims(buf.json, key.claims);
    if (!claims) return fail(errc::malformed, claims.error());
    detail::jwt_claims& c = *claims;

    if (!key.issuer.empty() && c.iss != key.issuer) {
        return fail(errc::wrong_issuer,
                    "the token was not issued by '" + key.issuer + "'; get a token from that issuer");
    }
    if (!key.audience.empty() && std::find(c.aud.begin(), c.aud.end(), key.audience) == c.aud.end()) {
        return fail(errc::wrong_audience, "the token is not meant for audience '" + key.audience +
                                              "'; request a token for this service");
    }
    if (!c.exp && key.require_exp) {
        return fail(errc::malformed, "the token has no expiry (exp claim); tokens without one are refused");
    }
    if (c.exp && now_seconds >= *c.exp + key.leeway) {
        return fail(errc::expired, "the token expired; refresh it or sign in again");
    }
    if (c.nbf && now_seconds + key.leeway < *c.nbf) {
        return fail(errc::not_yet_valid,
                    "the token is not valid yet (nbf in the future); check the issuer's clock");
    }
    if (!c.sub || c.sub->empty()) {
        return fail(errc::missing_subject,
                    "the token has no user (" + key.claims.user + " claim); the issuer must name the user");
    }
    const std::optional<role> r = c.role ? key.claims.map_role(*c.role) : std::nullopt;
    if (!r) {
        return fail(errc::invalid_role,
                    "the token's role claim (" + key.claims.role +
                        ") is missing or unknown; use customer, employee, operator, manager, admin or "
                        "service, or map the issuer's role names in auth.role_map");
    }

    principal p;
    p.user_id = std::move(*c.sub);
    p.role = *r;
    p.site = std::move(c.site);
    p.stations = std::move(c.stations);
    p.expires_at = c.exp ? *c.exp : k_no_expiry;
    return p;
}

}  // namespace ordercast::auth

#include "auth/jwt_signer.hpp"

#include "auth/base64url.hpp"
#include "auth/detail/openssl.hpp"
#include "auth/error.hpp"
#include "core/json_writer.hpp"

namespace ordercast::auth {
namespace {

using core::append_json_string;

void append_member(std::string& out, std::string_view name, std::string_view value) {
    if (out.size() > 1) out += ',';
    append_json_string(out, name);
    out += ':';
    append_json_string(out, value);
}

void append_member(std::string& out, std::string_view name, std::int64_t value) {
    if (out.size() > 1) out += ',';
    append_json_string(out, name);
    out += ':';
    out += std::to_string(value);
}

std::string signature_bytes(signing_method method, std::string_view key, std::string_view signing_input) {
    switch (method) {
        case signing_method::none:
            return {};
        case signing_method::hs256: {
            if (key.empty()) throw config_error("the HS256 secret is empty; pass a non-empty secret");
            detail::sha256_mac mac{};
            if (!detail::hmac_sha256(key, signing_input, mac))
                throw config_error("HMAC-SHA256 failed in OpenSSL");
            return std::string(reinterpret_cast<const char*>(mac.data()), mac.size());
        }
        case signing_method::rs256:
        case signing_method::es256: {
            auto pkey = detail::load_private_key_pem(key);
            if (!pkey) throw config_error("signing key: " + pkey.error());
            const bool rsa = method == signing_method::rs256;
            if (std::string mismatch = detail::describe_key_mismatch(pkey->get(), rsa ? "RS256" : "ES256");
                !mismatch.empty()) {
                throw config_error("signing key: " + mismatch);
            }
            std::string signature = detail::sign_sha256(pkey->get(), signing_input);
            if (signature.empty())
                throw config_error("signing failed in OpenSSL: " + detail::take_openssl_errors());
            if (rsa) return signature;
            std::string raw;
            if (!detail::ecdsa_der_to_raw(signature, raw))
                throw config_error("OpenSSL produced an unreadable ECDSA signature");
            return raw;
        }
    }
    return {};
}

}  // namespace

std::string render_claims_json(const token_claims& claims, std::int64_t issued_at, std::int64_t expires_at) {
    std::string out = "{";
    append_member(out, "sub", claims.subject);
    append_member(out, "role", to_string(claims.role));
    if (!claims.site.empty()) append_member(out, "site", claims.site);
    if (!claims.stations.empty()) {
        out += ",\"stations\":[";
        for (std::size_t i = 0; i < claims.stations.size(); ++i) {
            if (i != 0) out += ',';
            append_json_string(out, claims.stations[i]);
        }
        out += ']';
    }
    if (!claims.issuer.empty()) append_member(out, "iss", claims.issuer);
    if (!claims.audience.empty()) append_member(out, "aud", claims.audience);
    append_member(out, "iat", issued_at);
    append_member(out, "exp", expires_at);
    out += '}';
    return out;
}

std::string mint_hs256(std::string_view secret, const token_claims& claims, std::chrono::seconds ttl) {
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    return mint_hs256(secret, claims, ttl, now.count());
}

std::string mint_hs256(std::string_view secret, const token_claims& claims, std::chrono::seconds ttl,
                       std::int64_t now_seconds) {
    return sign_hs256(secret, render_claims_json(claims, now_seconds, now_seconds + ttl.count()));
}

std::string sign_hs256(std::string_view secret, std::string_view payload_json) {
    return sign_with_alg_header("HS256", signing_method::hs256, secret, payload_json);
}

std::string sign_rs256(std::string_view private_key_pem, std::string_view payload_json) {
    return sign_with_alg_header("RS256", signing_method::rs256, private_key_pem, payload_json);
}

std::string sign_es256(std::string_view private_key_pem, std::string_view payload_json) {
    return sign_with_alg_header("ES256", signing_method::es256, private_key_pem, payload_json);
}

std::string sign_with_alg_header(std::string_view header_alg, signing_method method, std::string_view key,
                                 std::string_view payload_json) {
    std::string header = "{";
    append_member(header, "alg", header_alg);
    append_member(header, "typ", "JWT");
    header += '}';

    std::string token;
    base64url_encode(header, token);
    token += '.';
    base64url_encode(payload_json, token);
    const std::string signature = signature_bytes(method, key, token);
    token += '.';
    base64url_encode(signature, token);
    return token;
}

}  // namespace ordercast::auth

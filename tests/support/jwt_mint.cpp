#include "support/jwt_mint.hpp"

#include "support/json.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <chrono>
#include <memory>
#include <stdexcept>

namespace ordercast::test {
namespace {

std::string header_json(std::string_view alg) {
    return "{\"alg\":" + json_quote(alg) + ",\"typ\":\"JWT\"}";
}

std::string signing_input(std::string_view alg, const jwt_claims& claims) {
    return base64url(header_json(alg)) + "." + base64url(claims_json(claims));
}

struct pkey_deleter {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_deleter>;

pkey_ptr load_private_key(std::string_view pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                  BIO_free);
    pkey_ptr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) throw std::runtime_error("cannot read the private key PEM");
    return key;
}

std::string digest_sign(EVP_PKEY* key, std::string_view input) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::size_t len = 0;
    if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                       input.size()) != 1)
        throw std::runtime_error("EVP_DigestSign setup failed");
    std::string sig(len, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
        throw std::runtime_error("EVP_DigestSign failed");
    sig.resize(len);
    return sig;
}

}  // namespace

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

jwt_claims make_claims(std::string sub, std::string role, std::string site, std::vector<std::string> stations,
                       std::int64_t ttl_s) {
    jwt_claims c;
    c.sub = std::move(sub);
    c.role = std::move(role);
    if (!site.empty()) c.site = std::move(site);
    c.stations = std::move(stations);
    c.iat = unix_now();
    c.exp = *c.iat + ttl_s;
    return c;
}

std::string claims_json(const jwt_claims& c) {
    std::string out = "{";
    auto field = [&](std::string_view name, const std::string& json) {
        if (out.size() > 1) out += ",";
        out += json_quote(name) + ":" + json;
    };
    if (c.sub) field("sub", json_quote(*c.sub));
    if (c.role) field("role", json_quote(*c.role));
    if (c.site) field("site", json_quote(*c.site));
    if (!c.stations.empty()) {
        std::string list = "[";
        for (std::size_t i = 0; i < c.stations.size(); ++i)
            list += (i ? "," : "") + json_quote(c.stations[i]);
        field("stations", list + "]");
    }
    if (c.iat) field("iat", std::to_string(*c.iat));
    if (c.nbf) field("nbf", std::to_string(*c.nbf));
    if (c.exp) field("exp", std::to_string(*c.exp));
    if (c.iss) field("iss", json_quote(*c.iss));
    if (c.aud) field("aud", json_quote(*c.aud));
    for (const auto& [name, value] : c.strings) field(name, json_quote(value));
    return out + "}";
}

std::string base64url(std::string_view bytes) {
    static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
    for (; i + 2 < bytes.size(); i += 3) {
        unsigned v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        out += k_alphabet[(v >> 6) & 63];
        out += k_alphabet[v & 63];
    }
    if (i + 1 == bytes.size()) {
        unsigned v = byte(i) << 16;
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
    } else if (i + 2 == bytes.size()) {
        unsigned v = (byte(i) << 16) | (byte(i + 1) << 8);
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        out += k_alphabet[(v >> 6) & 63];
    }
    return out;
}

std::string sign_hs256(const jwt_claims& claims, std::string_view secret, std::string_view header_alg) {
    auto input = signing_input(header_alg, claims);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
             reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len) == nullptr)
        throw std::runtime_error("HMAC failed");
    return input + "." + base64url(std::string_view(reinterpret_cast<const char*>(mac), len));
}

std::string sign_rs256(const jwt_claims& claims, std::string_view private_key_pem) {
    auto key = load_private_key(private_key_pem);
    auto input = signing_input("RS256", claims);
    return input + "." + base64url(digest_sign(key.get(), input));
}

std::string sign_es256(const jwt_claims& claims, std::string_view private_key_pem) {
    auto key = load_private_key(private_key_pem);
    auto input = signing_input("ES256", claims);
    // OpenSSL produces a DER ECDSA-Sig-Value; JWS wants the raw 32-byte r || s.
    auto der = digest_sign(key.get(), input);
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(
        d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())), ECDSA_SIG_free);
    if (!sig) throw std::runtime_error("cannot decode the ECDSA signature");
    unsigned char raw[64];
    if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), raw, 32) != 32 ||
        BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), raw + 32, 32) != 32)
        throw std::runtime_error("ECDSA signature does not fit P-256");
    return input + "." + base64url(std::string_view(reinterpret_cast<const char*>(raw), sizeof raw));
}

std::string unsigned_token(const jwt_claims& claims) {
    return signing_input("none", claims) + ".";
}

}  // namespace ordercast::test

#include "auth/test_keys.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "auth/base64url.hpp"

#include <memory>
#include <stdexcept>

namespace ordercast::auth::test {
namespace {

struct pkey_deleter {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct bio_deleter {
    void operator()(BIO* p) const noexcept { BIO_free(p); }
};

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(len));
}

key_pair to_pems(EVP_PKEY* key) {
    if (key == nullptr) throw std::runtime_error("key generation failed");
    std::unique_ptr<BIO, bio_deleter> priv(BIO_new(BIO_s_mem()));
    std::unique_ptr<BIO, bio_deleter> pub(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PrivateKey(priv.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
        PEM_write_bio_PUBKEY(pub.get(), key) != 1) {
        throw std::runtime_error("PEM encoding failed");
    }
    return {bio_text(priv.get()), bio_text(pub.get())};
}

std::string big_endian(EVP_PKEY* key, const char* param) {
    BIGNUM* n = nullptr;
    if (EVP_PKEY_get_bn_param(key, param, &n) != 1) throw std::runtime_error("no such key parameter");
    std::string out(static_cast<std::size_t>(BN_num_bytes(n)), '\0');
    BN_bn2bin(n, reinterpret_cast<unsigned char*>(out.data()));
    BN_free(n);
    return out;
}

}  // namespace

std::string public_jwk(const key_pair& pair, std::string_view kid, std::string_view extra) {
    std::unique_ptr<BIO, bio_deleter> bio(BIO_new_mem_buf(pair.public_pem.data(), -1));
    std::unique_ptr<EVP_PKEY, pkey_deleter> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key) throw std::runtime_error("unreadable public key");
    std::string json = "{\"kid\":\"" + std::string(kid) + "\"";
    if (EVP_PKEY_is_a(key.get(), "RSA")) {
        json += ",\"kty\":\"RSA\",\"n\":\"" + base64url_encode(big_endian(key.get(), OSSL_PKEY_PARAM_RSA_N)) +
                "\",\"e\":\"" + base64url_encode(big_endian(key.get(), OSSL_PKEY_PARAM_RSA_E)) + "\"";
    } else {
        unsigned char point[65];
        std::size_t len = 0;
        if (EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &len) !=
                1 ||
            len != 65)
            throw std::runtime_error("not an uncompressed P-256 point");
        const std::string_view raw(reinterpret_cast<const char*>(point), len);
        json += ",\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + base64url_encode(raw.substr(1, 32)) +
                "\",\"y\":\"" + base64url_encode(raw.substr(33, 32)) + "\"";
    }
    if (!extra.empty()) json += "," + std::string(extra);
    return json + "}";
}

key_pair generate_rsa(unsigned bits) {
    std::unique_ptr<EVP_PKEY, pkey_deleter> key(
        EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{bits}));
    return to_pems(key.get());
}

key_pair generate_ec(const char* curve) {
    std::unique_ptr<EVP_PKEY, pkey_deleter> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
    return to_pems(key.get());
}

const key_pair& rsa_2048() {
    static const key_pair k = generate_rsa(2048);
    return k;
}

const key_pair& rsa_2048_other() {
    static const key_pair k = generate_rsa(2048);
    return k;
}

const key_pair& ec_p256() {
    static const key_pair k = generate_ec("P-256");
    return k;
}

const key_pair& ec_p256_other() {
    static const key_pair k = generate_ec("P-256");
    return k;
}

}  // namespace ordercast::auth::test

#include "auth/test_keys.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>

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

}  // namespace

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

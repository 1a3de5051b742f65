#include "auth/detail/openssl.hpp"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstring>

namespace ordercast::auth::detail {
namespace {

struct bio_deleter {
    void operator()(BIO* p) const noexcept { BIO_free(p); }
};
struct md_ctx_deleter {
    void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};
struct mac_ctx_deleter {
    void operator()(EVP_MAC_CTX* p) const noexcept { EVP_MAC_CTX_free(p); }
};
struct ecdsa_sig_deleter {
    void operator()(ECDSA_SIG* p) const noexcept { ECDSA_SIG_free(p); }
};
struct x509_deleter {
    void operator()(X509* p) const noexcept { X509_free(p); }
};
struct decoder_ctx_deleter {
    void operator()(OSSL_DECODER_CTX* p) const noexcept { OSSL_DECODER_CTX_free(p); }
};

using bio_ptr = std::unique_ptr<BIO, bio_deleter>;
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, md_ctx_deleter>;
using mac_ctx_ptr = std::unique_ptr<EVP_MAC_CTX, mac_ctx_deleter>;
using ecdsa_sig_ptr = std::unique_ptr<ECDSA_SIG, ecdsa_sig_deleter>;

constexpr std::size_t k_es256_coordinate = 32;

bio_ptr memory_bio(std::string_view text) {
    return bio_ptr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// Fetched once: EVP_MAC objects are immutable and safe to share between threads.
EVP_MAC* hmac_algorithm() {
    static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    return mac;
}

const unsigned char* bytes(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string take_openssl_errors() {
    std::string text;
    while (unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        if (!text.empty()) text += "; ";
        text += buf;
    }
    return text;
}

core::result<pkey_ptr, std::string> load_public_key_pem(std::string_view pem) {
    if (pem.find("-----BEGIN") == std::string_view::npos) {
        return std::string("the key is not PEM text (no -----BEGIN line); paste the whole PEM file");
    }
    if (pem.find("PRIVATE KEY-----") != std::string_view::npos) {
        return std::string(
            "the PEM holds a private key; configure the public key instead "
            "(openssl pkey -in key.pem -pubout)");
    }
    auto bio = memory_bio(pem);
    if (pem.find("-----BEGIN CERTIFICATE-----") != std::string_view::npos) {
        std::unique_ptr<X509, x509_deleter> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        pkey_ptr key(cert ? X509_get_pubkey(cert.get()) : nullptr);
        if (!key) return "the certificate PEM could not be read (" + take_openssl_errors() + ")";
        ERR_clear_error();
        return key;
    }
    EVP_PKEY* raw = nullptr;
    std::unique_ptr<OSSL_DECODER_CTX, decoder_ctx_deleter> decoder(OSSL_DECODER_CTX_new_for_pkey(
        &raw, "PEM", nullptr, nullptr, OSSL_KEYMGMT_SELECT_PUBLIC_KEY, nullptr, nullptr));
    if (!decoder || OSSL_DECODER_from_bio(decoder.get(), bio.get()) != 1 || raw == nullptr) {
        EVP_PKEY_free(raw);
        return "the public key PEM could not be read (" + take_openssl_errors() +
               "); expected a \"PUBLIC KEY\" or \"RSA PUBLIC KEY\" block";
    }
    ERR_clear_error();
    return pkey_ptr(raw);
}

core::result<pkey_ptr, std::string> load_private_key_pem(std::string_view pem) {
    auto bio = memory_bio(pem);
    pkey_ptr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) return "the private key PEM could not be read (" + take_openssl_errors() + ")";
    ERR_clear_error();
    return key;
}

namespace {

struct bn_deleter {
    void operator()(BIGNUM* p) const noexcept { BN_free(p); }
};
struct param_bld_deleter {
    void operator()(OSSL_PARAM_BLD* p) const noexcept { OSSL_PARAM_BLD_free(p); }
};
struct params_deleter {
    void operator()(OSSL_PARAM* p) const noexcept { OSSL_PARAM_free(p); }
};
struct pkey_ctx_deleter {
    void operator()(EVP_PKEY_CTX* p) const noexcept { EVP_PKEY_CTX_free(p); }
};
using bn_ptr = std::unique_ptr<BIGNUM, bn_deleter>;

// EVP_PKEY_fromdata over the parameters `add` puts in a builder; "" error on success.
template <class Add>
core::result<pkey_ptr, std::string> public_key_from(const char* type, Add add, std::string_view what) {
    std::unique_ptr<OSSL_PARAM_BLD, param_bld_deleter> bld(OSSL_PARAM_BLD_new());
    if (!bld || !add(bld.get())) {
        ERR_clear_error();
        return std::string(what) + ": OpenSSL could not take its parameters";
    }
    std::unique_ptr<OSSL_PARAM, params_deleter> params(OSSL_PARAM_BLD_to_param(bld.get()));
    std::unique_ptr<EVP_PKEY_CTX, pkey_ctx_deleter> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        std::string detail = take_openssl_errors();
        return std::string(what) + " is not a valid public key" + (detail.empty() ? "" : " (" + detail + ")");
    }
    return pkey_ptr(key);
}

}  // namespace

core::result<pkey_ptr, std::string> rsa_public_key(std::string_view n, std::string_view e) {
    if (n.empty() || e.empty()) return std::string("an RSA key needs both \"n\" and \"e\"");
    bn_ptr modulus(BN_bin2bn(bytes(n), static_cast<int>(n.size()), nullptr));
    bn_ptr exponent(BN_bin2bn(bytes(e), static_cast<int>(e.size()), nullptr));
    if (!modulus || !exponent) {
        ERR_clear_error();
        return std::string("an RSA key's n or e could not be read");
    }
    return public_key_from(
        "RSA",
        [&](OSSL_PARAM_BLD* bld) {
            return OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, modulus.get()) == 1 &&
                   OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, exponent.get()) == 1;
        },
        "the RSA key");
}

core::result<pkey_ptr, std::string> ec_p256_public_key(std::string_view x, std::string_view y) {
    if (x.size() != k_es256_coordinate || y.size() != k_es256_coordinate)
        return std::string("a P-256 key's x and y must be 32 bytes each");
    // The uncompressed point: 0x04, then x, then y.
    std::string point(1, '\x04');
    point.append(x);
    point.append(y);
    char group[] = "prime256v1";
    auto key = public_key_from(
        "EC",
        [&](OSSL_PARAM_BLD* bld) {
            return OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) == 1 &&
                   OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                                    point.size()) == 1;
        },
        "the P-256 key");
    if (!key) return key;
    // fromdata does not promise to check the point; a point off the curve is refused here.
    std::unique_ptr<EVP_PKEY_CTX, pkey_ctx_deleter> check(
        EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) {
        ERR_clear_error();
        return std::string("the P-256 key's point (x, y) is not on the curve");
    }
    return key;
}

std::string describe_key_mismatch(EVP_PKEY* key, std::string_view alg) {
    if (alg == "RS256") {
        if (!EVP_PKEY_is_a(key, "RSA"))
            return "RS256 needs an RSA public key, but the PEM holds another key type";
        if (EVP_PKEY_get_bits(key) < 2048) return "RS256 needs an RSA key of at least 2048 bits";
        return "";
    }
    if (alg == "ES256") {
        if (!EVP_PKEY_is_a(key, "EC"))
            return "ES256 needs an EC P-256 public key, but the PEM holds another key type";
        char group[64] = {};
        std::size_t len = 0;
        if (EVP_PKEY_get_group_name(key, group, sizeof group, &len) != 1 ||
            (std::strcmp(group, "prime256v1") != 0 && std::strcmp(group, "P-256") != 0)) {
            ERR_clear_error();
            return "ES256 needs a key on curve P-256 (prime256v1), but the PEM holds another curve";
        }
        return "";
    }
    return "a public key is only used with RS256 or ES256";
}

bool hmac_sha256(std::string_view key, std::string_view data, sha256_mac& out) {
    EVP_MAC* mac = hmac_algorithm();
    mac_ctx_ptr ctx(mac ? EVP_MAC_CTX_new(mac) : nullptr);
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    std::size_t len = 0;
    const bool ok = ctx && EVP_MAC_init(ctx.get(), bytes(key), key.size(), params) == 1 &&
                    EVP_MAC_update(ctx.get(), bytes(data), data.size()) == 1 &&
                    EVP_MAC_final(ctx.get(), out.data(), &len, out.size()) == 1 && len == out.size();
    ERR_clear_error();
    return ok;
}

bool verify_sha256(EVP_PKEY* key, std::string_view data, std::string_view signature) {
    md_ctx_ptr ctx(EVP_MD_CTX_new());
    const bool ok =
        ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
        EVP_DigestVerify(ctx.get(), bytes(signature), signature.size(), bytes(data), data.size()) == 1;
    ERR_clear_error();
    return ok;
}

std::string sign_sha256(EVP_PKEY* key, std::string_view data) {
    md_ctx_ptr ctx(EVP_MD_CTX_new());
    std::size_t len = 0;
    std::string signature;
    if (ctx && EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
        EVP_DigestSign(ctx.get(), nullptr, &len, bytes(data), data.size()) == 1) {
        signature.resize(len);
        if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &len, bytes(data),
                           data.size()) == 1) {
            signature.resize(len);
        } else {
            signature.clear();
        }
    }
    ERR_clear_error();
    return signature;
}

bool ecdsa_raw_to_der(std::string_view raw, std::string& der) {
    if (raw.size() != 2 * k_es256_coordinate) return false;
    ecdsa_sig_ptr sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(bytes(raw), k_es256_coordinate, nullptr);
    BIGNUM* s = BN_bin2bn(bytes(raw) + k_es256_coordinate, k_es256_coordinate, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        ERR_clear_error();
        return false;
    }
    // r and s now belong to sig. A DER ECDSA-Sig-Value for P-256 is at most 72 bytes.
    unsigned char buf[80];
    unsigned char* p = buf;
    const int len = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (len <= 0 || static_cast<std::size_t>(len) > sizeof buf || i2d_ECDSA_SIG(sig.get(), &p) != len) {
        ERR_clear_error();
        return false;
    }
    der.assign(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
    return true;
}

bool ecdsa_der_to_raw(std::string_view der, std::string& raw) {
    const unsigned char* p = bytes(der);
    ecdsa_sig_ptr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
    if (!sig) {
        ERR_clear_error();
        return false;
    }
    const BIGNUM* r = ECDSA_SIG_get0_r(sig.get());
    const BIGNUM* s = ECDSA_SIG_get0_s(sig.get());
    raw.assign(2 * k_es256_coordinate, '\0');
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    const bool ok =
        BN_bn2binpad(r, out, k_es256_coordinate) == static_cast<int>(k_es256_coordinate) &&
        BN_bn2binpad(s, out + k_es256_coordinate, k_es256_coordinate) == static_cast<int>(k_es256_coordinate);
    ERR_clear_error();
    return ok;
}

}  // namespace ordercast::auth::detail

#include "auth/token_redaction.hpp"

#include <openssl/evp.h>

#include <cstdio>

namespace ordercast::auth {

std::string redact_token(std::string_view token) {
    if (token.empty()) return "<no token>";
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    char out[64];
    if (EVP_Digest(token.data(), token.size(), digest, &len, EVP_sha256(), nullptr) != 1 || len < 4) {
        std::snprintf(out, sizeof out, "<token len=%zu>", token.size());
    } else {
        std::snprintf(out, sizeof out, "<token len=%zu sha256=%02x%02x%02x%02x>", token.size(), digest[0],
                      digest[1], digest[2], digest[3]);
    }
    return out;
}

}  // namespace ordercast::auth

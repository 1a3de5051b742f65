#include "net/websocket/handshake.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace ordercast::websocket {
namespace {

// RFC 6455 1.3.
constexpr std::string_view k_accept_guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// A 16-byte key encodes to 22 significant characters plus "==".
constexpr std::size_t k_client_key_size = 24;

bool is_base64_char(char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// RFC 9110 5.6.2: tchar.
bool is_token_char(char c) noexcept {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
        case '!':
        case '#':
        case '$':
        case '%':
        case '&':
        case '\'':
        case '*':
        case '+':
        case '-':
        case '.':
        case '^':
        case '_':
        case '`':
        case '|':
        case '~':
            return true;
        default:
            return false;
    }
}

bool is_ows(char c) noexcept {
    return c == ' ' || c == '\t';
}

std::string_view trim_ows(std::string_view s) noexcept {
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
    return s;
}

}  // namespace

bool is_valid_client_key(std::string_view key) noexcept {
    if (key.size() != k_client_key_size || key.substr(22) != "==") return false;
    for (std::size_t i = 0; i < 22; ++i)
        if (!is_base64_char(key[i])) return false;
    // The 22nd character holds the last 2 bits of byte 16 and 4 zero bits:
    // only A, Q, g and w are canonical.
    const char last = key[21];
    return last == 'A' || last == 'Q' || last == 'g' || last == 'w';
}

std::string compute_accept_key(std::string_view key) {
    std::string input;
    input.reserve(key.size() + k_accept_guid.size());
    input.append(key).append(k_accept_guid);

    std::array<unsigned char, EVP_MAX_MD_SIZE> digest;
    unsigned int digest_size = 0;
    if (EVP_Digest(input.data(), input.size(), digest.data(), &digest_size, EVP_sha1(), nullptr) != 1)
        throw std::runtime_error("SHA-1 unavailable in OpenSSL; check the OpenSSL installation");

    // 20 bytes encode to 28 characters plus the NUL EVP_EncodeBlock writes.
    std::array<unsigned char, 29> encoded;
    const int size = EVP_EncodeBlock(encoded.data(), digest.data(), static_cast<int>(digest_size));
    return std::string(reinterpret_cast<const char*>(encoded.data()), static_cast<std::size_t>(size));
}

std::optional<std::vector<std::string_view>> parse_protocol_list(std::string_view value) {
    std::vector<std::string_view> protocols;
    while (true) {
        const std::size_t comma = value.find(',');
        const std::string_view element = trim_ows(value.substr(0, comma));
        if (!element.empty()) {
            for (char c : element)
                if (!is_token_char(c)) return std::nullopt;
            protocols.push_back(element);
        }
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return protocols;
}

}  // namespace ordercast::websocket

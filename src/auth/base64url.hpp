#pragma once

#include <string>
#include <string_view>

namespace ordercast::auth {

// Base64url without padding (RFC 4648 §5, as used by JWS, RFC 7515 §2).

// Appends the encoding of `bytes` to `out`.
void base64url_encode(std::string_view bytes, std::string& out);
std::string base64url_encode(std::string_view bytes);

// Replaces the contents of `out` with the decoding of `text` and returns true, or
// returns false (leaving `out` unspecified) when `text` is not canonical unpadded
// base64url: a character outside [A-Za-z0-9_-], '=' padding, a length of 4n+1, or
// non-zero unused bits in the last character. Strictness means every byte string
// has exactly one accepted encoding. `out` keeps its capacity, so callers may reuse it.
[[nodiscard]] bool base64url_decode(std::string_view text, std::string& out);

// Number of bytes `text` decodes to, assuming it is valid.
constexpr std::size_t base64url_decoded_size(std::size_t text_size) noexcept {
    return text_size / 4 * 3 + (text_size % 4 == 0 ? 0 : text_size % 4 - 1);
}

}  // namespace ordercast::auth

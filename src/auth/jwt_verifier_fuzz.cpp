// libFuzzer target: arbitrary bytes as a token, and as JOSE header / claims JSON.
// Invariants checked: no crash, and a refusal always carries a non-empty message.

#include <cstdint>
#include <cstdlib>
#include <string>

#include "auth/base64url.hpp"
#include "auth/detail/jwt_json.hpp"
#include "auth/jwt_signer.hpp"
#include "auth/jwt_verifier.hpp"

namespace {

const std::string k_secret = "fuzz-secret-fuzz-secret-fuzz-secret";

const ordercast::auth::jwt_verifier& verifier() {
    static const ordercast::auth::jwt_verifier v([] {
        ordercast::auth::jwt_key_config c;
        c.secret = k_secret;
        c.audience = "ordercast";
        return c;
    }());
    return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ordercast::auth;
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    if (auto r = verifier().verify(input, 1'700'000'000); !r.ok() && r.error().message.empty()) std::abort();

    // Reach the claim checks behind the signature: sign the input as a payload.
    if (auto r = verifier().verify(sign_hs256(k_secret, input), 1'700'000'000);
        !r.ok() && r.error().message.empty()) {
        std::abort();
    }

    std::string buffer(input);
    (void)detail::parse_jose_header(buffer);

    std::string decoded;
    if (base64url_decode(input, decoded) && base64url_encode(decoded) != input) std::abort();
    return 0;
}

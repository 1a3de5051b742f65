#include "auth/jwk_set.hpp"

#include <simdjson.h>

#include <fmt/format.h>

#include "auth/base64url.hpp"
#include "auth/detail/key_generation.hpp"
#include "auth/detail/openssl.hpp"

namespace ordercast::auth {

struct jwk_set::key {
    std::string kid;  // empty: the issuer named none
    detail::pkey_ptr pkey;
};

namespace {

namespace dom = simdjson::dom;

// The member `name` of `object` as a string; empty when absent or not a string.
std::string_view text_member(dom::object object, std::string_view name) {
    std::string_view value;
    if (object[name].get_string().get(value)) return {};
    return value;
}

// The base64url-decoded member `name`, or false when absent or not base64url.
bool bytes_member(dom::object object, std::string_view name, std::string& out) {
    std::string_view text = text_member(object, name);
    return !text.empty() && base64url_decode(text, out);
}

// The key a JWK describes, or why it is skipped.
core::result<detail::pkey_ptr, std::string> read_key(dom::object jwk, jwt_algorithm algorithm) {
    const std::string_view kty = text_member(jwk, "kty");
    const std::string_view alg = text_member(jwk, "alg");
    const std::string_view use = text_member(jwk, "use");
    const std::string_view want = header_name(algorithm);
    if (!use.empty() && use != "sig") return fmt::format("its use is '{}', not sig", use);
    if (!alg.empty() && alg != want) return fmt::format("it is for {}, this server accepts {}", alg, want);
    std::string a, b;
    core::result<detail::pkey_ptr, std::string> pkey = std::string();
    if (algorithm == jwt_algorithm::rs256) {
        if (kty != "RSA") return fmt::format("its type is '{}', {} needs RSA", kty, want);
        if (!bytes_member(jwk, "n", a) || !bytes_member(jwk, "e", b))
            return std::string("its n or e is missing or not base64url");
        pkey = detail::rsa_public_key(a, b);
    } else if (algorithm == jwt_algorithm::es256) {
        if (kty != "EC") return fmt::format("its type is '{}', {} needs EC", kty, want);
        if (text_member(jwk, "crv") != "P-256") return std::string("its curve is not P-256");
        if (!bytes_member(jwk, "x", a) || !bytes_member(jwk, "y", b))
            return std::string("its x or y is missing or not base64url");
        pkey = detail::ec_p256_public_key(a, b);
    } else {
        return std::string("HS256 keys are never taken from a key set");
    }
    if (!pkey) return pkey.error();
    if (std::string mismatch = detail::describe_key_mismatch(pkey->get(), want); !mismatch.empty())
        return mismatch;
    return pkey;
}

}  // namespace

jwk_set::jwk_set() : generation_(detail::next_key_generation()) {}
jwk_set::~jwk_set() = default;

core::result<std::shared_ptr<const jwk_set>, std::string> jwk_set::parse(std::string_view json,
                                                                         jwt_algorithm algorithm) {
    dom::parser parser;
    dom::object root;
    if (parser.parse(json.data(), json.size()).get_object().get(root))
        return std::string("the key set is not a JSON object");
    dom::array keys;
    if (root["keys"].get_array().get(keys)) return std::string("the key set has no \"keys\" array");
    std::shared_ptr<jwk_set> set(new jwk_set());
    std::size_t index = 0;
    for (dom::element element : keys) {
        const std::size_t position = index++;
        dom::object jwk;
        if (element.get_object().get(jwk)) {
            set->skipped_.push_back(fmt::format("key #{}: not a JSON object", position));
            continue;
        }
        const std::string_view kid = text_member(jwk, "kid");
        const std::string name =
            kid.empty() ? fmt::format("key #{}", position) : fmt::format("key '{}'", kid);
        auto pkey = read_key(jwk, algorithm);
        if (!pkey) {
            set->skipped_.push_back(name + ": " + pkey.error());
            continue;
        }
        for (const key& k : set->keys_)
            if (k.kid == kid)
                return fmt::format("the key set names two keys '{}'; an issuer's kids must be unique", kid);
        set->keys_.push_back({std::string(kid), std::move(*pkey)});
    }
    if (set->keys_.empty())
        return fmt::format("the key set holds no {} key this server can use{}", header_name(algorithm),
                           set->skipped_.empty() ? "" : fmt::format(" ({})", fmt::join(set->skipped_, "; ")));
    return std::shared_ptr<const jwk_set>(std::move(set));
}

evp_pkey_st* jwk_set::find(std::string_view kid) const noexcept {
    for (const key& k : keys_)
        if (!k.kid.empty() && k.kid == kid) return k.pkey.get();
    return nullptr;
}

evp_pkey_st* jwk_set::sole_key() const noexcept {
    return keys_.size() == 1 ? keys_.front().pkey.get() : nullptr;
}

std::vector<std::string_view> jwk_set::kids() const {
    std::vector<std::string_view> out;
    for (const key& k : keys_) out.push_back(k.kid);
    return out;
}

std::size_t jwk_set::size() const noexcept {
    return keys_.size();
}

}  // namespace ordercast::auth

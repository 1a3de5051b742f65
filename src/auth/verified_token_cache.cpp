#include "auth/verified_token_cache.hpp"

#include <string>
#include <unordered_map>

namespace ordercast::auth {
namespace {

struct remembered {
    std::uint64_t key_id;  // jwt_verifier::key_id() of the verifier that accepted it
    principal who;
};

struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

using token_memory = std::unordered_map<std::string, remembered, string_hash, std::equal_to<>>;

token_memory& memory() {
    thread_local token_memory m;
    return m;
}

}  // namespace

core::result<principal, auth_failure> verify_cached(const jwt_verifier& verifier, std::string_view token,
                                                    std::int64_t now_seconds) {
    token_memory& m = memory();
    // Read once, before verifying: should the keys be replaced meanwhile (a JWKS refresh), the
    // token is remembered under the keys it was checked with, and checked again next time.
    const std::uint64_t keys = verifier.key_id();
    if (auto it = m.find(token); it != m.end()) {
        if (it->second.key_id == keys && now_seconds < it->second.who.expires_at) return it->second.who;
        m.erase(it);
    }
    auto verified = verifier.verify(token, now_seconds);
    if (verified) {
        if (m.size() >= k_verified_token_cache_entries) m.clear();
        m.emplace(std::string(token), remembered{keys, verified.value()});
    }
    return verified;
}

}  // namespace ordercast::auth

#include "domain/idempotency.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <iterator>

#include "store/store.hpp"

namespace ordercast::domain {

std::string request_fingerprint(std::string_view method, std::string_view path, std::string_view body) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    for (std::string_view part : {method, std::string_view("\n"), path, std::string_view("\n"), body})
        EVP_DigestUpdate(ctx, part.data(), part.size());
    EVP_DigestFinal_ex(ctx, digest, &size);
    EVP_MD_CTX_free(ctx);
    std::string hex;
    hex.reserve(size * 2);
    for (unsigned int i = 0; i < size; ++i) fmt::format_to(std::back_inserter(hex), "{:02x}", digest[i]);
    return hex;
}

outcome<std::optional<store::idempotency_record>> find_earlier_request(store::unit_of_work& uow,
                                                                       const auth::principal& who,
                                                                       const idempotency* idem,
                                                                       std::string_view thing) {
    if (idem == nullptr) return std::optional<store::idempotency_record>{};
    auto seen = uow.idempotency().find(who.user_id, idem->key);
    if (seen && seen->request_hash != idem->request_hash)
        return fail(
            core::error_code::idempotency_key_reused,
            fmt::format("this Idempotency-Key was used for a different request; use a new key for a new {}",
                        thing));
    return seen;
}

std::int64_t forget_expired_answers(store::store& s, const core::clock& clock, std::int64_t retention_ms) {
    const std::int64_t cutoff = clock.now_ms() - retention_ms;
    return store::with_write(
        s, [&](store::unit_of_work& uow) { return uow.idempotency().delete_before(cutoff); });
}

void remember_answer(store::unit_of_work& uow, const auth::principal& who, const idempotency* idem,
                     int status, std::string answer, std::int64_t now_ms) {
    if (idem == nullptr) return;
    uow.idempotency().insert(
        {who.user_id, std::string(idem->key), idem->request_hash, status, std::move(answer), now_ms});
}

}  // namespace ordercast::domain

#pragma once
// An Idempotency-Key as the services see it (honoured on creates): the caller's
// key and a fingerprint of the request, so that a retry with the same key and request gets
// the first answer again and the same key with another request is refused.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "domain/domain_error.hpp"
#include "store/records.hpp"

namespace ordercast::store {
class store;
class unit_of_work;
}  // namespace ordercast::store

namespace ordercast::domain {

struct idempotency {
    std::string_view key;
    std::string request_hash;  // request_fingerprint()
};

// Hex SHA-256 of method, path and body: a retried request must match it exactly.
std::string request_fingerprint(std::string_view method, std::string_view path, std::string_view body);

// In the write unit that creates, before creating: the earlier request `who` made with this
// key (a retry: answer what it answered), nullopt (no key, or a new one: create, then
// remember_answer), or IDEMPOTENCY_KEY_REUSED when the key came with another request.
// `thing` names what is created ("order", "job"), for the error's advice.
outcome<std::optional<store::idempotency_record>> find_earlier_request(store::unit_of_work& uow,
                                                                       const auth::principal& who,
                                                                       const idempotency* idem,
                                                                       std::string_view thing);

// Remembers the answer of a create under its key, in the same write unit (no key: nothing).
// `answer` is what a retry needs to answer again: the response body, or the created id.
void remember_answer(store::unit_of_work& uow, const auth::principal& who, const idempotency* idem,
                     int status, std::string answer, std::int64_t now_ms);

// Forgets the answers remembered more than `retention_ms` before clock.now_ms(), in one write
// unit; returns how many. A retry after that creates again. Throws store_error.
std::int64_t forget_expired_answers(store::store& s, const core::clock& clock, std::int64_t retention_ms);

}  // namespace ordercast::domain

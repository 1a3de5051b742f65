#pragma once
// An Idempotency-Key as the services see it (DESIGN §5: honoured on creates): the caller's
// key and a fingerprint of the request, so that a retry with the same key and request gets
// the first answer again and the same key with another request is refused.
#include <string>
#include <string_view>

namespace ordercast::domain {

struct idempotency {
    std::string_view key;
    std::string request_hash;  // request_fingerprint() (order_service.hpp)
};

}  // namespace ordercast::domain

#pragma once
// What a domain service answers instead of a value: a user-visible code, a sentence that
// says what to do, and optional details (a JSON object) for clients that act on them.
#include <string>

#include "core/error_code.hpp"
#include "core/result.hpp"

namespace ordercast::domain {

struct domain_error {
    core::error_code code = core::error_code::internal_error;
    std::string message;
    std::string details;  // a JSON object, or empty
};

template <class T>
using outcome = core::result<T, domain_error>;

inline domain_error fail(core::error_code code, std::string message, std::string details = {}) {
    return domain_error{code, std::move(message), std::move(details)};
}

}  // namespace ordercast::domain

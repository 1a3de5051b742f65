#pragma once
// How the services turn a failing store into an answer: a store_error (the database is
// locked, full, gone) becomes 503 SERVICE_UNAVAILABLE with a sentence that says to retry,
// and the cause goes to the server log, not to the client.
#include <exception>
#include <string_view>

#include "domain/domain_error.hpp"
#include "store/store_error.hpp"

namespace ordercast::domain {

// Logs `e` and returns the 503 for "the database could not <what>".
domain_error store_failure(std::string_view what, const std::exception& e);

// Runs `fn` (which returns an outcome<T>); a store_error it throws becomes store_failure().
template <class F>
auto guarded(std::string_view what, F&& fn) -> decltype(fn()) {
    try {
        return fn();
    } catch (const store::store_error& e) {
        return store_failure(what, e);
    }
}

}  // namespace ordercast::domain

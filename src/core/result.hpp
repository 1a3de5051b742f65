#pragma once

#include <cassert>
#include <utility>
#include <variant>

namespace ordercast::core {

// A value or an error, in the spirit of C++23 std::expected (which g++ 12 lacks
// in C++20 mode). Accessing the wrong alternative is a broken invariant: it
// asserts in debug builds and throws std::bad_variant_access otherwise.
template <class T, class E>
class result {
public:
    result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    result(E error) : state_(std::in_place_index<1>, std::move(error)) {}

    [[nodiscard]] bool ok() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    [[nodiscard]] const T& value() const& {
        assert(ok());
        return std::get<0>(state_);
    }
    [[nodiscard]] T& value() & {
        assert(ok());
        return std::get<0>(state_);
    }
    [[nodiscard]] T&& value() && {
        assert(ok());
        return std::get<0>(std::move(state_));
    }
    [[nodiscard]] const E& error() const& {
        assert(!ok());
        return std::get<1>(state_);
    }

    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

private:
    std::variant<T, E> state_;
};

}  // namespace ordercast::core

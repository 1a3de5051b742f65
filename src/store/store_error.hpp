#pragma once
// Failures between the store and its callers. Every message says what happened and, when
// the operator can act, what to do; none contains row data beyond ids.
#include <stdexcept>

namespace ordercast::store {

class store_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A UNIQUE or PRIMARY KEY constraint refused a row (a duplicate id or number).
class unique_violation : public store_error {
public:
    using store_error::store_error;
};

// The database was written by a newer ordercast (its schema_version is above every
// migration this binary knows), or a migration failed.
class schema_error : public store_error {
public:
    using store_error::store_error;
};

}  // namespace ordercast::store

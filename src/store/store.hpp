#pragma once
// The store: one interface, engines behind it (SQLite now, PostgreSQL next). Callers work
// in units of work — one transaction each — through one repository per aggregate; no SQL
// and no engine type leaks above this header.
//
// Threads: a store may be used from any number of threads at once. Each unit of work
// belongs to the thread that began it until it is destroyed. Write units are serialized
// (an engine may run one at a time); read units run concurrently with each other and with
// the writer, each on a consistent snapshot.
//
// Durability: when commit() returns, the transaction is on stable storage (it survives
// kill -9 and, with the default settings, power loss).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "store/records.hpp"
#include "store/repositories.hpp"

namespace ordercast::store {

enum class tx_mode { read, write };

// One transaction. Destroying it without commit() rolls it back. Its repositories (one per
// aggregate, repositories.hpp) run their calls in this transaction and die with the unit; a
// caller holds their references no longer than the unit. Write methods on a read unit are a
// broken contract.
class unit_of_work {
public:
    virtual ~unit_of_work() = default;

    [[nodiscard]] virtual order_repository& orders() = 0;
    [[nodiscard]] virtual customer_repository& customers() = 0;
    [[nodiscard]] virtual idempotency_repository& idempotency() = 0;
    [[nodiscard]] virtual job_repository& jobs() = 0;
    [[nodiscard]] virtual operation_repository& operations() = 0;
    [[nodiscard]] virtual alert_repository& alerts() = 0;
    [[nodiscard]] virtual payment_repository& payments() = 0;
    [[nodiscard]] virtual figure_repository& figures() = 0;
    [[nodiscard]] virtual station_repository& stations() = 0;
    [[nodiscard]] virtual staff_repository& staff() = 0;

    // Makes the transaction durable. After it (or after it throws) the unit is finished:
    // no further calls. Throws store_error.
    virtual void commit() = 0;
};

struct store_status {
    std::string engine;    // "sqlite"
    std::string location;  // the database file, or a redacted connection string
    migration_state migrations;
    std::int64_t orders = 0;
};

class store {
public:
    virtual ~store() = default;

    // Begins a transaction. A write unit may wait for the unit before it (bounded by the
    // engine's busy timeout, then store_error).
    [[nodiscard]] virtual std::unique_ptr<unit_of_work> begin(tx_mode mode) = 0;

    // Where the schema stands. Does not change anything.
    [[nodiscard]] virtual migration_state migration_status() = 0;
    // Applies every pending migration, each in its own transaction; returns the versions
    // applied. Throws schema_error when the database is newer than this binary.
    virtual std::vector<int> migrate() = 0;

    [[nodiscard]] virtual store_status status() = 0;
};

// Runs `fn` in a write unit and commits it; returns what `fn` returns. When `fn` throws,
// the unit rolls back and the exception propagates.
template <class F>
auto with_write(store& s, F&& fn) {
    auto uow = s.begin(tx_mode::write);
    if constexpr (std::is_void_v<decltype(fn(*uow))>) {
        fn(*uow);
        uow->commit();
    } else {
        auto result = fn(*uow);
        uow->commit();
        return result;
    }
}

}  // namespace ordercast::store

#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "store/sql/migration_runner.hpp"
#include "store/sql/sql_unit_of_work.hpp"

namespace ordercast::store {

sqlite_store::sqlite_store(sqlite_store_options options) : options_(std::move(options)) {
    writer_ =
        std::make_unique<sqlite_connection>(sqlite_options{options_.path, options_.busy_timeout_ms, false});
    ensure_schema_version_table(*writer_);
}

sqlite_store::~sqlite_store() = default;

std::unique_ptr<unit_of_work> sqlite_store::begin(tx_mode mode) {
    if (mode == tx_mode::write) {
        writer_mutex_.lock();
        return std::make_unique<sql_unit_of_work>(*writer_, mode, [this] { writer_mutex_.unlock(); });
    }
    sqlite_connection& reader = acquire_reader();
    return std::make_unique<sql_unit_of_work>(reader, mode, [this, &reader] { release_reader(reader); });
}

sqlite_connection& sqlite_store::acquire_reader() {
    std::unique_lock lock(readers_mutex_);
    for (;;) {
        if (!idle_readers_.empty()) {
            sqlite_connection* c = idle_readers_.back();
            idle_readers_.pop_back();
            return *c;
        }
        if (readers_.size() < static_cast<std::size_t>(std::max(1, options_.read_connections))) {
            // Opened under the pool's mutex: it happens at most read_connections times, and
            // keeps the count exact.
            readers_.push_back(std::make_unique<sqlite_connection>(
                sqlite_options{options_.path, options_.busy_timeout_ms, true}));
            return *readers_.back();
        }
        reader_free_.wait(lock);
    }
}

void sqlite_store::release_reader(sqlite_connection& c) {
    {
        std::lock_guard lock(readers_mutex_);
        idle_readers_.push_back(&c);
    }
    reader_free_.notify_one();
}

migration_state sqlite_store::migration_status() {
    std::lock_guard lock(writer_mutex_);
    return read_migration_state(*writer_);
}

std::vector<int> sqlite_store::migrate() {
    std::lock_guard lock(writer_mutex_);
    return apply_migrations(*writer_, core::unix_ms());
}

store_status sqlite_store::status() {
    store_status s;
    s.engine = "sqlite";
    s.location = options_.path;
    s.migrations = migration_status();
    if (s.migrations.current_version > 0) {
        auto uow = begin(tx_mode::read);
        s.orders = uow->orders().count();
    }
    return s;
}

}  // namespace ordercast::store

#pragma once
// The embedded engine: one SQLite file under the data directory.
//
// Connections: one writer, serialized by a mutex (SQLite has one writer at a time anyway;
// queuing in-process is cheaper than busy-waiting on the file lock), and a small pool of
// reader connections that run beside it on WAL snapshots. A unit of work blocks the
// calling thread for its SQL and, for writers, the commit's fsync: callers on event loops
// accept that (see docs/store.md for the measured cost).
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace ordercast::store {

struct sqlite_store_options {
    std::string path;
    int busy_timeout_ms = 5000;
    int read_connections = 4;  // readers open lazily, up to this many; more readers wait
};

class sqlite_store final : public store {
public:
    // Opens (creating when missing) the file and its schema_version table; does not migrate.
    // Throws store_error.
    explicit sqlite_store(sqlite_store_options options);
    ~sqlite_store() override;

    std::unique_ptr<unit_of_work> begin(tx_mode mode) override;
    migration_state migration_status() override;
    std::vector<int> migrate() override;
    store_status status() override;

private:
    sqlite_connection& acquire_reader();
    void release_reader(sqlite_connection& c);

    sqlite_store_options options_;
    std::mutex writer_mutex_;
    std::unique_ptr<sqlite_connection> writer_;

    std::mutex readers_mutex_;
    std::condition_variable reader_free_;
    std::vector<std::unique_ptr<sqlite_connection>> readers_;  // every reader opened
    std::vector<sqlite_connection*> idle_readers_;
};

}  // namespace ordercast::store

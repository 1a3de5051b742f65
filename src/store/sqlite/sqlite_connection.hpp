#pragma once
// One SQLite connection: the engine side of sql_connection. Opens the file in WAL mode with
// synchronous=FULL (every commit is fsynced, so a 2xx answer survives a crash), foreign keys
// on, and a busy timeout; caches each prepared statement by its SQL text.
//
// Not thread-safe: sqlite_store hands a connection to one thread at a time. Opened without
// SQLite's own mutex (SQLITE_OPEN_NOMUTEX) for that reason.
#include <memory>
#include <string>
#include <unordered_map>

#include "store/sql/sql_connection.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace ordercast::store {

struct sqlite_options {
    std::string path;            // the database file; created when missing
    int busy_timeout_ms = 5000;  // how long a writer waits for another process's lock
    bool reader = false;  // reader connections: refuse writes (query_only), leave the journal mode alone
};

class sqlite_connection final : public sql_connection {
public:
    // Throws store_error naming the file and what to do (permissions, disk, another writer).
    explicit sqlite_connection(const sqlite_options& options);
    ~sqlite_connection() override;
    sqlite_connection(const sqlite_connection&) = delete;
    sqlite_connection& operator=(const sqlite_connection&) = delete;

    void begin(bool write) override;
    void commit() override;
    void rollback() noexcept override;
    void exec_script(std::string_view sql) override;
    std::int64_t run(std::string_view sql, std::span<const sql_param> params, row_sink on_row) override;

private:
    struct text_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    sqlite3_stmt* prepare(std::string_view sql);
    [[noreturn]] void fail(int rc, std::string_view what) const;

    sqlite3* db_ = nullptr;
    std::string path_;
    std::unordered_map<std::string, sqlite3_stmt*, text_hash, std::equal_to<>> statements_;
};

}  // namespace ordercast::store

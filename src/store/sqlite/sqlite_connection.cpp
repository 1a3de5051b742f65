#include "store/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

#include "store/store_error.hpp"

namespace ordercast::store {
namespace {

class sqlite_row final : public sql_row {
public:
    explicit sqlite_row(sqlite3_stmt* stmt) : stmt_(stmt) {}
    bool is_null(int c) const override { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
    std::string_view text(int c) const override {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
        if (p == nullptr) return {};
        return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c))};
    }
    std::int64_t int64(int c) const override { return sqlite3_column_int64(stmt_, c); }
    double real(int c) const override { return sqlite3_column_double(stmt_, c); }

private:
    sqlite3_stmt* stmt_;
};

// Resets and clears a statement when the execution ends, however it ends, so the cached
// statement holds no read snapshot and no bound views.
struct statement_reset {
    sqlite3_stmt* stmt;
    ~statement_reset() {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    }
};

}  // namespace

sqlite_connection::sqlite_connection(const sqlite_options& options) : path_(options.path) {
    // Readers open read-write too (with query_only below): a read-only handle cannot create
    // the WAL index when it is the first to open the file after a crash.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw store_error(
            fmt::format("cannot open the SQLite database '{}': {}; check that the data directory "
                        "exists and is writable",
                        path_, why));
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, options.busy_timeout_ms);
    if (options.reader) {
        exec_script("PRAGMA query_only=ON");
    } else {
        // WAL lets readers run beside the writer; FULL fsyncs the WAL at every commit.
        exec_script("PRAGMA journal_mode=WAL");
    }
    exec_script("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON");
}

sqlite_connection::~sqlite_connection() {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    if (db_) sqlite3_close(db_);
}

void sqlite_connection::fail(int rc, std::string_view what) const {
    std::string message =
        fmt::format("SQLite {} on '{}': {} (code {})", what, path_, sqlite3_errmsg(db_), rc);
    if ((rc & 0xff) == SQLITE_CONSTRAINT &&
        (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY))
        throw unique_violation(message);
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        message += "; another process holds the database: run one server per data directory";
    if ((rc & 0xff) == SQLITE_FULL) message += "; the disk is full";
    if ((rc & 0xff) == SQLITE_READONLY) message += "; check the file's permissions";
    throw store_error(message);
}

void sqlite_connection::begin(bool write) {
    exec_script(write ? "BEGIN IMMEDIATE" : "BEGIN");
}

void sqlite_connection::commit() {
    exec_script("COMMIT");
}

void sqlite_connection::rollback() noexcept {
    // A failed COMMIT may already have ended the transaction; autocommit tells.
    if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void sqlite_connection::exec_script(std::string_view sql) {
    std::string text(sql);
    char* error = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        sqlite3_free(error);
        fail(rc, "script");
    }
}

sqlite3_stmt* sqlite_connection::prepare(std::string_view sql) {
    if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc, "prepare");
    statements_.emplace(std::string(sql), stmt);
    return stmt;
}

std::int64_t sqlite_connection::run(std::string_view sql, std::span<const sql_param> params,
                                    row_sink on_row) {
    sqlite3_stmt* stmt = prepare(sql);
    statement_reset reset{stmt};
    int index = 1;
    for (const sql_param& p : params) {
        int rc = SQLITE_OK;
        if (const auto* i = std::get_if<std::int64_t>(&p))
            rc = sqlite3_bind_int64(stmt, index, *i);
        else if (const auto* d = std::get_if<double>(&p))
            rc = sqlite3_bind_double(stmt, index, *d);
        else if (const auto* s = std::get_if<std::string_view>(&p))
            rc = sqlite3_bind_text(stmt, index, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
        else
            rc = sqlite3_bind_null(stmt, index);
        if (rc != SQLITE_OK) fail(rc, "bind");
        ++index;
    }
    sqlite_row row(stmt);
    for (;;) {
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            on_row(row);
            continue;
        }
        if (rc == SQLITE_DONE) break;
        fail(rc, "step");
    }
    return sqlite3_stmt_readonly(stmt) ? 0 : sqlite3_changes64(db_);
}

}  // namespace ordercast::store

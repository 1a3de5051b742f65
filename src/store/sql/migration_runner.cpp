#include "store/sql/migration_runner.hpp"

#include <fmt/format.h>

#include "store/migrations.hpp"
#include "store/store_error.hpp"

namespace ordercast::store {
namespace {

constexpr std::string_view k_current_version = "SELECT MAX(version) FROM schema_version";

int current_version(sql_connection& c) {
    int version = 0;
    c.execute(k_current_version, {}, [&](const sql_row& r) { version = static_cast<int>(r.int64(0)); });
    return version;
}

int latest_version() {
    auto all = all_migrations();
    return all.empty() ? 0 : all.back().version;
}

void refuse_newer(int current) {
    if (current > latest_version())
        throw schema_error(
            fmt::format("the database is at schema version {} but this ordercast knows versions up "
                        "to {}; run a newer ordercast, or restore a backup made for this one",
                        current, latest_version()));
}

}  // namespace

void ensure_schema_version_table(sql_connection& c) {
    c.exec_script(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)");
}

migration_state read_migration_state(sql_connection& c) {
    migration_state state;
    state.current_version = current_version(c);
    state.latest_version = latest_version();
    for (const migration& m : all_migrations())
        if (m.version > state.current_version) state.pending.push_back(m.version);
    return state;
}

std::vector<int> apply_migrations(sql_connection& c, std::int64_t now_ms) {
    std::vector<int> applied;
    for (const migration& m : all_migrations()) {
        c.begin(true);
        try {
            // Read inside the transaction: another process may have migrated meanwhile.
            int current = current_version(c);
            refuse_newer(current);
            if (m.version <= current) {
                c.rollback();
                continue;
            }
            try {
                c.exec_script(m.sql);
            } catch (const store_error& e) {
                throw schema_error(fmt::format("migration {} ({}) failed and was rolled back: {}", m.version,
                                               m.name, e.what()));
            }
            c.execute("INSERT INTO schema_version (version, name, applied_at_ms) VALUES (?, ?, ?)",
                      {std::int64_t{m.version}, m.name, now_ms});
            c.commit();
        } catch (...) {
            c.rollback();
            throw;
        }
        applied.push_back(m.version);
    }
    if (applied.empty()) refuse_newer(current_version(c));
    return applied;
}

}  // namespace ordercast::store

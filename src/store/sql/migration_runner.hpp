#pragma once
// Applies the embedded migrations through any sql_connection, keyed by the schema_version
// table (one row per applied migration). Engine-neutral: the same runner serves SQLite and
// PostgreSQL.
#include <vector>

#include "store/records.hpp"
#include "store/sql/sql_connection.hpp"

namespace ordercast::store {

// Creates schema_version when missing. Call once when a store opens, on a writer connection
// outside any transaction. Throws store_error.
void ensure_schema_version_table(sql_connection& c);

// Where the schema stands; reads only. Throws store_error.
migration_state read_migration_state(sql_connection& c);

// Applies each pending migration in its own transaction (its script and its schema_version
// row commit together, so a crash leaves the schema at a migration boundary). Returns the
// versions applied, oldest first. Throws schema_error when the database is newer than this
// binary or a script fails (that migration is rolled back).
std::vector<int> apply_migrations(sql_connection& c, std::int64_t now_ms);

}  // namespace ordercast::store

// Migrations: applied once, in order, recorded in schema_version; a database from a newer
// binary is refused.
#include "store/sql/migration_runner.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "store/migrations.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store_error.hpp"

namespace ordercast::store {
namespace {

class migration_test : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/ordercast-migrate-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        path_ = dir_ + "/m.db";
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string dir_, path_;
};

TEST(migrations, embedded_versions_are_consecutive_from_one) {
    auto all = all_migrations();
    ASSERT_FALSE(all.empty());
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(all[i].version, static_cast<int>(i + 1));
        EXPECT_FALSE(all[i].sql.empty());
    }
    EXPECT_EQ(all[0].name, "initial");
}

TEST_F(migration_test, fresh_database_reports_every_migration_pending) {
    sqlite_store s({path_, 1000, 1});
    auto state = s.migration_status();
    EXPECT_EQ(state.current_version, 0);
    EXPECT_EQ(state.latest_version, static_cast<int>(all_migrations().size()));
    EXPECT_EQ(state.pending.size(), all_migrations().size());
}

TEST_F(migration_test, migrate_applies_each_version_once) {
    sqlite_store s({path_, 1000, 1});
    auto first = s.migrate();
    EXPECT_EQ(first.size(), all_migrations().size());
    EXPECT_TRUE(s.migrate().empty());
    auto state = s.migration_status();
    EXPECT_EQ(state.current_version, state.latest_version);
    EXPECT_TRUE(state.pending.empty());
    sqlite_connection c({path_, 1000, false});
    std::int64_t rows = 0;
    c.execute("SELECT COUNT(*) FROM schema_version", {}, [&](const sql_row& r) { rows = r.int64(0); });
    EXPECT_EQ(rows, static_cast<std::int64_t>(all_migrations().size()));
}

TEST_F(migration_test, database_from_a_newer_binary_is_refused_with_advice) {
    {
        sqlite_store s({path_, 1000, 1});
        s.migrate();
    }
    {
        sqlite_connection c({path_, 1000, false});
        c.execute("INSERT INTO schema_version (version, name, applied_at_ms) VALUES (?, 'future', 0)",
                  {std::int64_t{999}});
    }
    sqlite_store s({path_, 1000, 1});
    try {
        s.migrate();
        FAIL() << "a newer schema was accepted";
    } catch (const schema_error& e) {
        EXPECT_NE(std::string(e.what()).find("newer ordercast"), std::string::npos) << e.what();
    }
}

TEST_F(migration_test, database_file_is_in_wal_mode_with_full_sync) {
    sqlite_store s({path_, 1000, 1});
    sqlite_connection c({path_, 1000, false});
    std::string mode;
    std::int64_t sync = -1;
    c.execute("PRAGMA journal_mode", {}, [&](const sql_row& r) { mode = r.text(0); });
    c.execute("PRAGMA synchronous", {}, [&](const sql_row& r) { sync = r.int64(0); });
    EXPECT_EQ(mode, "wal");
    EXPECT_EQ(sync, 2);  // FULL
}

TEST_F(migration_test, unwritable_location_names_the_file) {
    try {
        sqlite_store s({"/proc/definitely/not/here.db", 1000, 1});
        FAIL() << "opened an impossible path";
    } catch (const store_error& e) {
        EXPECT_NE(std::string(e.what()).find("/proc/definitely/not/here.db"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace ordercast::store

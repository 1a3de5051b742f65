// The table description over a real SQLite connection: the statements it writes, how each
// field type is bound and read back (NULL for values not set), and keyset paging in both
// directions with ties on the time.
#include "store/sql/sql_table.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "store/sqlite/sqlite_connection.hpp"

namespace ordercast::store {
namespace {

struct thing {
    std::string id;
    std::string label;  // nullable: "" is NULL
    std::string note;   // NOT NULL: "" is a value
    int count = 0;
    bool flag = false;
    double ratio = 0;
    std::optional<double> weight;
    std::optional<std::int64_t> limit;
    std::int64_t at_ms = 0;    // nullable time: 0 is NULL
    std::int64_t made_ms = 0;  // the list order's time
};

constexpr sql_table<thing, 10> k_things{
    "things",
    {{fixed(col("id", &thing::id)), nullable_col("label", &thing::label), col("note", &thing::note),
      col("count", &thing::count), col("flag", &thing::flag), col("ratio", &thing::ratio),
      col("weight", &thing::weight), col("limit_n", &thing::limit), nullable_col("at_ms", &thing::at_ms),
      fixed(col("made_ms", &thing::made_ms))}},
    {"made_ms", "id", true}};

class sql_table_test : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/ordercast-table-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        c_ = std::make_unique<sqlite_connection>(sqlite_options{dir_ + "/t.db", 2000, false});
        c_->exec_script(
            "CREATE TABLE things (id TEXT PRIMARY KEY, label TEXT, note TEXT NOT NULL, count INTEGER NOT "
            "NULL, "
            "flag INTEGER NOT NULL, ratio DOUBLE PRECISION NOT NULL, weight DOUBLE PRECISION, limit_n "
            "BIGINT, "
            "at_ms BIGINT, made_ms BIGINT NOT NULL)");
    }
    void TearDown() override {
        c_.reset();
        std::filesystem::remove_all(dir_);
    }
    void insert(const thing& t) {
        c_->run(insert_sql(k_things), insert_params(k_things, t).span(), [](const sql_row&) {});
    }
    std::int64_t count(std::string_view sql) {
        std::int64_t n = -1;
        c_->execute(sql, {}, [&](const sql_row& r) { n = r.int64(0); });
        return n;
    }
    std::vector<std::string> ids(std::vector<thing> rows) {
        std::vector<std::string> out;
        for (const auto& t : rows) out.push_back(t.id);
        return out;
    }

    std::string dir_;
    std::unique_ptr<sqlite_connection> c_;
};

TEST_F(sql_table_test, statements_name_every_column_once_in_the_table_order) {
    EXPECT_EQ(select_sql(k_things),
              "SELECT id, label, note, count, flag, ratio, weight, limit_n, at_ms, made_ms FROM things");
    EXPECT_EQ(insert_sql(k_things),
              "INSERT INTO things (id, label, note, count, flag, ratio, weight, limit_n, at_ms, made_ms) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    EXPECT_EQ(
        update_sql(k_things, "id = ?"),
        "UPDATE things SET label = ?, note = ?, count = ?, flag = ?, ratio = ?, weight = ?, limit_n = ?, "
        "at_ms = ? WHERE id = ?");
}

TEST_F(sql_table_test, every_field_type_round_trips_and_values_not_set_are_null) {
    thing full{"a", "L", "N", 7, true, 0.25, 1.5, std::int64_t{9}, 1234, 100};
    thing empty{"b", "", "", 0, false, 0, std::nullopt, std::nullopt, 0, 100};
    insert(full);
    insert(empty);
    EXPECT_EQ(
        count(
            "SELECT COUNT(*) FROM things WHERE id = 'b' AND label IS NULL AND weight IS NULL AND limit_n IS "
            "NULL AND at_ms IS NULL AND note = '' AND count = 0 AND flag = 0"),
        1);
    std::vector<thing> rows;
    c_->execute(select_sql(k_things) + " ORDER BY id", {},
                [&](const sql_row& r) { rows.push_back(read_row(k_things, r)); });
    ASSERT_EQ(rows.size(), 2u);
    const thing& a = rows[0];
    EXPECT_EQ(a.id, "a");
    EXPECT_EQ(a.label, "L");
    EXPECT_EQ(a.note, "N");
    EXPECT_EQ(a.count, 7);
    EXPECT_TRUE(a.flag);
    EXPECT_EQ(a.ratio, 0.25);
    EXPECT_EQ(a.weight, 1.5);
    EXPECT_EQ(a.limit, 9);
    EXPECT_EQ(a.at_ms, 1234);
    EXPECT_EQ(a.made_ms, 100);
    const thing& b = rows[1];
    EXPECT_EQ(b.label, "");
    EXPECT_FALSE(b.weight);
    EXPECT_FALSE(b.limit);
    EXPECT_EQ(b.at_ms, 0);
}

TEST_F(sql_table_test, lists_filter_and_page_after_a_keyset_position_with_ties_broken_by_id) {
    for (auto [id, made, note] :
         {std::tuple{"a", 1, "x"}, {"b", 2, "x"}, {"c", 2, "y"}, {"d", 2, "x"}, {"e", 3, "x"}})
        insert(thing{id, "", note, 0, false, 0, std::nullopt, std::nullopt, 0, made});
    const std::string select = select_sql(k_things);
    // Newest first, ties by id descending; an empty filter value filters nothing.
    EXPECT_EQ(ids(sql_list_query(k_things, select).equals("label", "").run(*c_, 10)),
              (std::vector<std::string>{"e", "d", "c", "b", "a"}));
    EXPECT_EQ(ids(sql_list_query(k_things, select).equals("note", "x").run(*c_, 2)),
              (std::vector<std::string>{"e", "d"}));
    EXPECT_EQ(ids(sql_list_query(k_things, select).equals("note", "x").after(2, "d").run(*c_, 10)),
              (std::vector<std::string>{"b", "a"}));
    EXPECT_EQ(ids(sql_list_query(k_things, select).at_least("made_ms", 2).after(2, "c").run(*c_, 10)),
              (std::vector<std::string>{"b"}));
    // Ascending tables continue the other way.
    constexpr sql_table<thing, 10> k_oldest_first{"things", k_things.columns, {"made_ms", "id", false}};
    EXPECT_EQ(ids(sql_list_query(k_oldest_first, select).after(2, "b").run(*c_, 10)),
              (std::vector<std::string>{"c", "d", "e"}));
}

}  // namespace
}  // namespace ordercast::store

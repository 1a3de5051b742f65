// The job queue's repository over a real SQLite file: every column of the table description
// round-trips, "not set" values are stored as NULL (the claim and the indexes rely on it),
// and an update leaves the columns a job is made with alone.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace ordercast::store {
namespace {

class job_repository_test : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/ordercast-jobs-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        store_ = std::make_unique<sqlite_store>(sqlite_store_options{path(), 2000, 2});
        store_->migrate();
    }
    void TearDown() override {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }
    std::string path() const { return dir_ + "/jobs.db"; }

    // What a query over the file itself answers (outside the store's interface).
    std::int64_t count(std::string_view sql) {
        sqlite_connection c(sqlite_options{path(), 2000, true});
        std::int64_t n = -1;
        c.execute(sql, {}, [&](const sql_row& r) { n = r.int64(0); });
        return n;
    }

    static job_record full_job() {
        job_record j;
        j.id = "JOB-20260101-001";
        j.order_id = "o1";
        j.site_id = "s1";
        j.station_id = "k1";
        j.operator_id = "op1";
        j.priority = 2;
        j.customer_tier = "gold";
        j.tier_bonus = 0.5;
        j.status = "PROCESSING";
        j.garment_type = "jacket";
        j.fabric_required_cm = 180.5;
        j.plot_file = "/plt/a.plt";
        j.notes = "n";
        j.error = "e";
        j.error_code = "EC";
        j.attempts = 3;
        j.auto_retries = 1;
        j.not_before_ms = 7;
        j.version = 4;
        j.created_by = "u1";
        j.created_at_ms = 1000;
        j.updated_at_ms = 1001;
        j.queued_at_ms = 1002;
        j.started_at_ms = 1003;
        j.completed_at_ms = 1004;
        j.failed_at_ms = 1005;
        j.cancelled_at_ms = 1006;
        j.paused_at_ms = 1007;
        return j;
    }

    std::string dir_;
    std::unique_ptr<sqlite_store> store_;
};

void expect_same(const job_record& a, const job_record& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.order_id, b.order_id);
    EXPECT_EQ(a.site_id, b.site_id);
    EXPECT_EQ(a.station_id, b.station_id);
    EXPECT_EQ(a.operator_id, b.operator_id);
    EXPECT_EQ(a.priority, b.priority);
    EXPECT_EQ(a.customer_tier, b.customer_tier);
    EXPECT_EQ(a.tier_bonus, b.tier_bonus);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.garment_type, b.garment_type);
    EXPECT_EQ(a.fabric_required_cm, b.fabric_required_cm);
    EXPECT_EQ(a.plot_file, b.plot_file);
    EXPECT_EQ(a.notes, b.notes);
    EXPECT_EQ(a.error, b.error);
    EXPECT_EQ(a.error_code, b.error_code);
    EXPECT_EQ(a.attempts, b.attempts);
    EXPECT_EQ(a.auto_retries, b.auto_retries);
    EXPECT_EQ(a.not_before_ms, b.not_before_ms);
    EXPECT_EQ(a.version, b.version);
    EXPECT_EQ(a.created_by, b.created_by);
    EXPECT_EQ(a.created_at_ms, b.created_at_ms);
    EXPECT_EQ(a.updated_at_ms, b.updated_at_ms);
    EXPECT_EQ(a.queued_at_ms, b.queued_at_ms);
    EXPECT_EQ(a.started_at_ms, b.started_at_ms);
    EXPECT_EQ(a.completed_at_ms, b.completed_at_ms);
    EXPECT_EQ(a.failed_at_ms, b.failed_at_ms);
    EXPECT_EQ(a.cancelled_at_ms, b.cancelled_at_ms);
    EXPECT_EQ(a.paused_at_ms, b.paused_at_ms);
}

TEST_F(job_repository_test, a_job_with_every_field_set_reads_back_unchanged) {
    const job_record j = full_job();
    with_write(*store_, [&](unit_of_work& uow) { uow.jobs().insert(j); });
    auto back = store_->begin(tx_mode::read)->jobs().find(j.id);
    ASSERT_TRUE(back);
    expect_same(*back, j);
}

TEST_F(job_repository_test, values_not_set_are_stored_as_null_and_read_back_as_not_set) {
    job_record j;
    j.id = "JOB-20260101-002";
    j.site_id = "s1";
    j.status = "QUEUED";
    j.created_at_ms = j.updated_at_ms = 1000;
    with_write(*store_, [&](unit_of_work& uow) { uow.jobs().insert(j); });
    EXPECT_EQ(
        count(
            "SELECT COUNT(*) FROM jobs WHERE order_id IS NULL AND station_id IS NULL AND operator_id IS NULL "
            "AND customer_tier IS NULL AND garment_type IS NULL AND fabric_required_cm IS NULL AND plot_file "
            "IS NULL AND error IS NULL AND error_code IS NULL AND created_by IS NULL AND queued_at_ms IS "
            "NULL "
            "AND started_at_ms IS NULL AND completed_at_ms IS NULL AND failed_at_ms IS NULL AND "
            "cancelled_at_ms IS NULL AND paused_at_ms IS NULL"),
        1);
    // Notes and not_before are NOT NULL columns: empty and 0 are values there.
    EXPECT_EQ(count("SELECT COUNT(*) FROM jobs WHERE notes = '' AND not_before_ms = 0"), 1);
    auto back = store_->begin(tx_mode::read)->jobs().find(j.id);
    ASSERT_TRUE(back);
    expect_same(*back, j);
}

TEST_F(job_repository_test, an_update_moves_the_job_and_keeps_what_it_was_made_with) {
    const job_record j = full_job();
    with_write(*store_, [&](unit_of_work& uow) { uow.jobs().insert(j); });
    job_record changed = j;
    changed.status = "COMPLETED";
    changed.station_id.clear();
    changed.error.clear();
    changed.completed_at_ms = 0;
    changed.version = j.version + 1;
    // Made with these; an update must not touch them.
    changed.order_id = "other";
    changed.site_id = "s2";
    changed.customer_tier = "none";
    changed.tier_bonus = 9;
    changed.plot_file = "/elsewhere.plt";
    changed.created_by = "intruder";
    changed.created_at_ms = 1;
    EXPECT_TRUE(
        with_write(*store_, [&](unit_of_work& uow) { return uow.jobs().update(changed, j.version); }));
    EXPECT_FALSE(with_write(*store_, [&](unit_of_work& uow) {
        return uow.jobs().update(changed, j.version);
    })) << "a stale version writes nothing";
    auto back = store_->begin(tx_mode::read)->jobs().find(j.id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->status, "COMPLETED");
    EXPECT_EQ(back->station_id, "");
    EXPECT_EQ(back->error, "");
    EXPECT_EQ(back->completed_at_ms, 0);
    EXPECT_EQ(back->version, j.version + 1);
    EXPECT_EQ(back->order_id, j.order_id);
    EXPECT_EQ(back->site_id, j.site_id);
    EXPECT_EQ(back->customer_tier, j.customer_tier);
    EXPECT_EQ(back->tier_bonus, j.tier_bonus);
    EXPECT_EQ(back->plot_file, j.plot_file);
    EXPECT_EQ(back->created_by, j.created_by);
    EXPECT_EQ(back->created_at_ms, j.created_at_ms);
}

TEST_F(job_repository_test, lists_filter_and_page_oldest_first_and_pauses_round_trip) {
    with_write(*store_, [&](unit_of_work& uow) {
        for (int i = 0; i < 5; ++i) {
            job_record j = full_job();
            j.id = "JOB-20260101-10" + std::to_string(i);
            j.status = i % 2 == 0 ? "QUEUED" : "FAILED";
            j.created_at_ms = 1000 + i / 2;  // pairs share a time: the id breaks the tie
            uow.jobs().insert(j);
        }
        EXPECT_TRUE(uow.jobs().set_pause({"s1", "k1", "", 5}, true));
        EXPECT_FALSE(uow.jobs().set_pause({"s1", "k1", "", 6}, true)) << "already paused";
    });
    job_filter f;
    f.status = "QUEUED";
    f.limit = 2;
    auto first = store_->begin(tx_mode::read)->jobs().list(f);
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].id, "JOB-20260101-100");
    EXPECT_EQ(first[1].id, "JOB-20260101-102");
    f.after_created_at_ms = first.back().created_at_ms;
    f.after_id = first.back().id;
    auto second = store_->begin(tx_mode::read)->jobs().list(f);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].id, "JOB-20260101-104");
    auto pauses = store_->begin(tx_mode::read)->jobs().list_pauses("s1");
    ASSERT_EQ(pauses.size(), 1u);
    EXPECT_EQ(pauses[0].station_id, "k1");
    EXPECT_EQ(pauses[0].paused_by, "");
    EXPECT_EQ(pauses[0].paused_at_ms, 5);
    EXPECT_EQ(count("SELECT COUNT(*) FROM queue_pauses WHERE paused_by IS NULL"), 1);
}

}  // namespace
}  // namespace ordercast::store

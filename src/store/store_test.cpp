// The SQLite engine through the store interface: what a caller of any engine relies on.
#include "store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "store/store_error.hpp"

namespace ordercast::store {
namespace {

class sqlite_store_test : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/ordercast-store-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        open();
    }
    void TearDown() override {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }
    void open() {
        store_.reset();
        store_ = std::make_unique<sqlite_store>(sqlite_store_options{dir_ + "/test.db", 2000, 2});
        store_->migrate();
    }

    static order_record order(std::string id, std::int64_t created_at, std::string site = "s1") {
        order_record o;
        o.id = std::move(id);
        o.site_id = std::move(site);
        o.status = "pending";
        o.created_at_ms = created_at;
        o.updated_at_ms = created_at;
        return o;
    }
    void insert(const order_record& o) {
        with_write(*store_, [&](unit_of_work& uow) { uow.orders().insert(o); });
    }
    std::optional<order_record> find(std::string_view id) {
        return store_->begin(tx_mode::read)->orders().find(id);
    }

    std::string dir_;
    std::unique_ptr<sqlite_store> store_;
};

TEST_F(sqlite_store_test, committed_order_reads_back_with_every_field_after_reopen) {
    order_record o = order("o1", 1000);
    o.number = "ORD-1";
    o.customer_id = "c1";
    o.station_id = "st1";
    o.assignee_id = "e1";
    o.priority = "high";
    o.items = R"([{"name":"tea","quantity":2}])";
    o.total_amount = 12.5;
    o.currency = "EUR";
    o.progress = 40;
    o.stage = "cutting";
    o.estimated_minutes = 12;
    o.attributes = R"({"garmentType":"jacket"})";
    o.created_by = "e1";
    o.completed_at_ms = 5000;
    insert(o);
    open();
    auto got = find("o1");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->number, "ORD-1");
    EXPECT_EQ(got->customer_id, "c1");
    EXPECT_EQ(got->station_id, "st1");
    EXPECT_EQ(got->assignee_id, "e1");
    EXPECT_EQ(got->priority, "high");
    EXPECT_EQ(got->items, o.items);
    EXPECT_EQ(got->total_amount, 12.5);
    EXPECT_EQ(got->currency, "EUR");
    EXPECT_EQ(got->progress, 40);
    EXPECT_EQ(got->stage, "cutting");
    EXPECT_EQ(got->estimated_minutes, 12);
    EXPECT_EQ(got->attributes, o.attributes);
    EXPECT_EQ(got->sync_status, "local_only");
    EXPECT_EQ(got->version, 1);
    EXPECT_EQ(got->completed_at_ms, 5000);
}

TEST_F(sqlite_store_test, optional_columns_read_back_as_absent) {
    insert(order("o1", 1000, ""));
    auto got = find("o1");
    ASSERT_TRUE(got);
    EXPECT_FALSE(got->total_amount);
    EXPECT_FALSE(got->estimated_minutes);
    EXPECT_EQ(got->site_id, "");
    EXPECT_EQ(got->completed_at_ms, 0);
}

TEST_F(sqlite_store_test, uncommitted_unit_rolls_back) {
    {
        auto uow = store_->begin(tx_mode::write);
        uow->orders().insert(order("o1", 1000));
    }
    EXPECT_FALSE(find("o1"));
}

TEST_F(sqlite_store_test, duplicate_id_or_number_is_a_unique_violation) {
    auto a = order("o1", 1000);
    a.number = "N1";
    insert(a);
    EXPECT_THROW(insert(order("o1", 2000)), unique_violation);
    auto b = order("o2", 1000);
    b.number = "N1";
    EXPECT_THROW(insert(b), unique_violation);
    // Orders without a number do not collide.
    insert(order("o3", 1000));
    insert(order("o4", 1000));
}

TEST_F(sqlite_store_test, update_with_stale_version_writes_nothing) {
    insert(order("o1", 1000));
    auto o = *find("o1");
    o.status = "confirmed";
    o.version = 2;
    EXPECT_TRUE(with_write(*store_, [&](unit_of_work& uow) { return uow.orders().update(o, 1); }));
    o.status = "ready";
    o.version = 2;
    EXPECT_FALSE(with_write(*store_, [&](unit_of_work& uow) { return uow.orders().update(o, 1); }));
    EXPECT_EQ(find("o1")->status, "confirmed");
    EXPECT_EQ(find("o1")->version, 2);
}

TEST_F(sqlite_store_test, list_filters_and_pages_newest_first_without_gaps_or_repeats) {
    for (int i = 0; i < 25; ++i) {
        auto o = order("o" + std::to_string(100 + i), 1000 + (i / 3), i % 2 ? "s1" : "s2");
        o.status = i % 5 == 0 ? "ready" : "pending";
        insert(o);
    }
    order_filter f;
    f.limit = 4;
    std::vector<std::string> seen;
    for (;;) {
        auto page = store_->begin(tx_mode::read)->orders().list(f);
        for (auto& o : page) seen.push_back(o.id);
        if (page.size() < 4) break;
        f.after_created_at_ms = page.back().created_at_ms;
        f.after_id = page.back().id;
    }
    ASSERT_EQ(seen.size(), 25u);
    for (int i = 0; i < 25; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], "o" + std::to_string(124 - i));

    order_filter by_site;
    by_site.site_id = "s1";
    by_site.status = "ready";
    auto page = store_->begin(tx_mode::read)->orders().list(by_site);
    for (auto& o : page) {
        EXPECT_EQ(o.site_id, "s1");
        EXPECT_EQ(o.status, "ready");
    }
    EXPECT_EQ(page.size(), 2u);  // i = 5 and 15
}

TEST_F(sqlite_store_test, updated_since_keeps_only_recent_changes) {
    insert(order("old", 1000));
    auto recent = order("new", 1000);
    recent.updated_at_ms = 9000;
    insert(recent);
    order_filter f;
    f.updated_since_ms = 5000;
    auto page = store_->begin(tx_mode::read)->orders().list(f);
    ASSERT_EQ(page.size(), 1u);
    EXPECT_EQ(page[0].id, "new");
}

TEST_F(sqlite_store_test, production_logs_come_back_in_version_order_with_last_time) {
    insert(order("o1", 1000));
    with_write(*store_, [&](unit_of_work& uow) {
        uow.orders().insert_production_log({"l2", "o1", 2, "cutting", "in_progress", "{}", 50, "e1", 1050});
        uow.orders().insert_production_log({"l1", "o1", 1, "", "pending", "{}", 0, "e1", 1000});
    });
    auto uow = store_->begin(tx_mode::read);
    auto logs = uow->orders().list_production_logs("o1", 10);
    ASSERT_EQ(logs.size(), 2u);
    EXPECT_EQ(logs[0].id, "l1");
    EXPECT_EQ(logs[1].stage, "cutting");
    EXPECT_EQ(logs[1].processing_time_ms, 50);
    EXPECT_EQ(uow->orders().last_production_log_at("o1"), 1050);
    EXPECT_FALSE(uow->orders().last_production_log_at("nope"));
}

TEST_F(sqlite_store_test, log_for_a_missing_order_is_refused_by_the_foreign_key) {
    EXPECT_THROW(
        with_write(*store_,
                   [&](unit_of_work& uow) {
                       uow.orders().insert_production_log({"l1", "ghost", 1, "", "pending", "{}", 0, "", 1});
                   }),
        store_error);
}

TEST_F(sqlite_store_test, idempotency_keys_are_scoped_per_principal) {
    with_write(*store_, [&](unit_of_work& uow) {
        uow.idempotency().insert({"u1", "k1", "h", 201, "{}", 1});
    });
    auto uow = store_->begin(tx_mode::read);
    auto got = uow->idempotency().find("u1", "k1");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, 201);
    EXPECT_FALSE(uow->idempotency().find("u2", "k1"));
}

TEST_F(sqlite_store_test, idempotency_keys_created_before_a_cutoff_are_deleted) {
    with_write(*store_, [&](unit_of_work& uow) {
        uow.idempotency().insert({"u1", "old", "h", 201, "{}", 1000});
        uow.idempotency().insert({"u1", "new", "h", 201, "{}", 2000});
    });
    EXPECT_EQ(with_write(*store_, [&](unit_of_work& uow) { return uow.idempotency().delete_before(1000); }),
              0);
    EXPECT_EQ(with_write(*store_, [&](unit_of_work& uow) { return uow.idempotency().delete_before(1500); }),
              1);
    auto uow = store_->begin(tx_mode::read);
    EXPECT_FALSE(uow->idempotency().find("u1", "old"));
    EXPECT_TRUE(uow->idempotency().find("u1", "new"));
}

TEST_F(sqlite_store_test, customers_list_oldest_first_with_cursor) {
    with_write(*store_, [&](unit_of_work& uow) {
        for (int i = 0; i < 5; ++i)
            uow.customers().insert({"c" + std::to_string(i), "n", "", "", "s1", "{}", 100 + i, 100 + i});
    });
    customer_filter f;
    f.limit = 3;
    auto first = store_->begin(tx_mode::read)->customers().list(f);
    ASSERT_EQ(first.size(), 3u);
    f.after_created_at_ms = first.back().created_at_ms;
    f.after_id = first.back().id;
    auto second = store_->begin(tx_mode::read)->customers().list(f);
    ASSERT_EQ(second.size(), 2u);
    EXPECT_EQ(second[0].id, "c3");
}

TEST_F(sqlite_store_test, readers_see_committed_state_while_a_writer_holds_its_transaction) {
    insert(order("o1", 1000));
    auto writer = store_->begin(tx_mode::write);
    writer->orders().insert(order("o2", 2000));
    // A reader on another thread is not blocked by the open write and does not see it.
    std::optional<order_record> seen_o1, seen_o2;
    std::thread t([&] {
        auto r = store_->begin(tx_mode::read);
        seen_o1 = r->orders().find("o1");
        seen_o2 = r->orders().find("o2");
    });
    t.join();
    EXPECT_TRUE(seen_o1);
    EXPECT_FALSE(seen_o2);
    writer->commit();
    EXPECT_TRUE(find("o2"));
}

TEST_F(sqlite_store_test, concurrent_writers_are_serialized_and_all_commit) {
    constexpr int k_threads = 4, k_each = 50;
    std::vector<std::thread> threads;
    for (int t = 0; t < k_threads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < k_each; ++i)
                insert(order("t" + std::to_string(t) + "-" + std::to_string(i), i));
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(store_->status().orders, k_threads * k_each);
}

}  // namespace
}  // namespace ordercast::store

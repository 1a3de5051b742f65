// The operations, alerts and order-figure repositories on the SQLite engine.
#include "store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace ordercast::store {
namespace {

class store_operations_alerts : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/ordercast-store-ops-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        store_ = std::make_unique<sqlite_store>(sqlite_store_options{dir_ + "/test.db", 2000, 2});
        store_->migrate();
    }
    void TearDown() override {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }
    static operation_record operation(std::string id, std::int64_t at, std::string site = "s1") {
        operation_record o;
        o.id = std::move(id);
        o.kind = "schedule";
        o.owner_id = "alice";
        o.site_id = std::move(site);
        o.status = "running";
        o.created_by = "worker";
        o.created_at_ms = o.updated_at_ms = o.last_progress_at_ms = at;
        return o;
    }
    std::unique_ptr<sqlite_store> store_;
    std::string dir_;
};

TEST_F(store_operations_alerts, an_operation_round_trips_and_updates_only_at_its_version) {
    auto op = operation("op1", 1000);
    op.steps = R"(["a","b"])";
    with_write(*store_, [&](unit_of_work& uow) { uow.operations().insert(op); });
    op.progress = 40;
    op.step = "b";
    op.message = "half";
    op.cancel_requested = true;
    op.version = 2;
    EXPECT_TRUE(with_write(*store_, [&](unit_of_work& uow) { return uow.operations().update(op, 1); }));
    EXPECT_FALSE(with_write(*store_, [&](unit_of_work& uow) { return uow.operations().update(op, 1); }))
        << "a stale version writes nothing";
    auto back = store_->begin(tx_mode::read)->operations().find("op1");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->progress, 40);
    EXPECT_EQ(back->step, "b");
    EXPECT_EQ(back->message, "half");
    EXPECT_EQ(back->steps, R"(["a","b"])");
    EXPECT_TRUE(back->cancel_requested);
    EXPECT_EQ(back->version, 2);
    EXPECT_EQ(back->finished_at_ms, 0);
}

TEST_F(store_operations_alerts, stale_open_operations_are_listed_and_old_finished_ones_deleted) {
    auto stale = operation("stale", 1000);
    auto fresh = operation("fresh", 5000);
    auto done = operation("done", 1000);
    done.status = "failed";
    done.error_code = "TIMEOUT_ERROR";
    done.finished_at_ms = 2000;
    with_write(*store_, [&](unit_of_work& uow) {
        for (const auto* o : {&stale, &fresh, &done}) uow.operations().insert(*o);
    });
    auto listed = store_->begin(tx_mode::read)->operations().list_stale(3000, 10);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].id, "stale");
    auto timeouts = store_->begin(tx_mode::read)->operations().count_failed_by_site("TIMEOUT_ERROR", 1500);
    ASSERT_EQ(timeouts.size(), 1u);
    EXPECT_EQ(timeouts[0], (std::pair<std::string, std::int64_t>{"s1", 1}));
    EXPECT_EQ(with_write(*store_, [&](unit_of_work& uow) { return uow.operations().delete_finished(1500); }),
              0);
    EXPECT_EQ(with_write(*store_, [&](unit_of_work& uow) { return uow.operations().delete_finished(2500); }),
              1);
    EXPECT_FALSE(store_->begin(tx_mode::read)->operations().find("done"));
    EXPECT_TRUE(store_->begin(tx_mode::read)->operations().find("stale"));
}

TEST_F(store_operations_alerts, alerts_move_state_and_list_by_site_and_state) {
    alert_record a{"a1",   "s1",     "warning", "queue_length", "slow", "{}", "[]", "average_wait:s1",
                   "open", "rule:x", 1000};
    alert_record b{"a2", "s2", "info", "other", "fyi", "{}", "[]", "", "open", "u1", 2000};
    with_write(*store_, [&](unit_of_work& uow) {
        uow.alerts().insert(a);
        uow.alerts().insert(b);
    });
    a.state = "acknowledged";
    a.acknowledged_by = "m1";
    a.acknowledged_at_ms = 1500;
    with_write(*store_, [&](unit_of_work& uow) { uow.alerts().update_state(a); });
    auto uow = store_->begin(tx_mode::read);
    auto back = uow->alerts().find("a1");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->state, "acknowledged");
    EXPECT_EQ(back->acknowledged_by, "m1");
    EXPECT_EQ(back->acknowledged_at_ms, 1500);
    EXPECT_EQ(back->resolved_at_ms, 0);
    EXPECT_EQ(uow->alerts().list({"", "", 10}).size(), 2u);
    EXPECT_EQ(uow->alerts().list({"open", "", 10}).size(), 1u);
    EXPECT_EQ(uow->alerts().list({"", "s1", 10}).size(), 1u);
    EXPECT_TRUE(uow->alerts().list({"open", "s1", 10}).empty());
    auto rules = uow->alerts().list_unresolved_rule_alerts();
    ASSERT_EQ(rules.size(), 1u) << "alerts raised over the API are not the rules'";
    EXPECT_EQ(rules[0].rule_key, "average_wait:s1");
}

TEST_F(store_operations_alerts, order_figures_group_by_site_station_and_status) {
    auto order = [](std::string id, std::string station, std::string status, std::int64_t at) {
        order_record o;
        o.id = std::move(id);
        o.site_id = "s1";
        o.station_id = std::move(station);
        o.status = std::move(status);
        o.items = R"([{"name":"tea"}])";
        o.attributes = R"({"utilization":0.8})";
        o.created_at_ms = o.updated_at_ms = at;
        if (o.status == "completed") o.completed_at_ms = at + 10;
        return o;
    };
    with_write(*store_, [&](unit_of_work& uow) {
        uow.orders().insert(order("o1", "k1", "pending", 1000));
        uow.orders().insert(order("o2", "k1", "pending", 3000));
        uow.orders().insert(order("o3", "k2", "completed", 5000));
    });
    auto uow = store_->begin(tx_mode::read);
    auto groups = uow->figures().order_groups("s1");
    ASSERT_EQ(groups.size(), 2u);
    const auto& k1 = groups[0].station_id == "k1" ? groups[0] : groups[1];
    EXPECT_EQ(k1.count, 2);
    EXPECT_DOUBLE_EQ(k1.average_created_at_ms, 2000.0);
    EXPECT_EQ(uow->figures().orders_created_since("s1", 2000), 2);
    EXPECT_EQ(uow->figures().orders_completed_since("s1", 2000), 1);
    EXPECT_EQ(uow->figures().order_items_since("s1", 0, 10).size(), 3u);
    EXPECT_EQ(uow->figures().order_attributes_mentioning("utilization", 4000, 10).size(), 1u);
}

}  // namespace
}  // namespace ordercast::store

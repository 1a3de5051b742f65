// The order service over a real SQLite store, on a manual clock: permissions, the status
// machine, versions, idempotency, times, and which events reach which channels.
#include "domain/order_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <cstdlib>
#include <filesystem>

#include "core/clock.hpp"
#include "domain/event_sink_test_support.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace ordercast::domain {
namespace {

using core::error_code;

constexpr std::int64_t k_start_ms = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

auth::principal person(std::string sub, auth::role role, std::string site = {}) {
    auth::principal p;
    p.user_id = std::move(sub);
    p.role = role;
    p.site = std::move(site);
    return p;
}

class order_service_test : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/ordercast-domain-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        store_ = std::make_unique<store::sqlite_store>(store::sqlite_store_options{dir_ + "/o.db", 2000, 2});
        store_->migrate();
        service_ = std::make_unique<order_service>(*store_, events_, clock_, machine_, 100);
    }
    void TearDown() override {
        service_.reset();
        store_.reset();
        std::filesystem::remove_all(dir_);
    }

    std::string create(const auth::principal& who, std::string_view body = R"({"siteId":"s1"})") {
        auto draft = parse_order_draft(body);
        EXPECT_TRUE(draft);
        auto made = service_->create(who, *draft, nullptr);
        EXPECT_TRUE(made) << (made ? "" : made.error().message);
        return made ? made->id : std::string();
    }
    outcome<store::order_record> set_status(const auth::principal& who, const std::string& id,
                                            std::string status) {
        order_patch p;
        p.status = std::move(status);
        return service_->update(who, id, p);
    }
    std::vector<std::string> types_on(const std::string& channel) { return events_.types_on(channel); }

    std::string dir_;
    status_machine machine_{orders_config{}};
    core::manual_clock clock_{k_start_ms};
    testing::recording_event_sink events_;
    std::unique_ptr<store::sqlite_store> store_;
    std::unique_ptr<order_service> service_;
    auth::principal admin_ = person("a1", auth::role::admin);
    auth::principal staff_ = person("e1", auth::role::employee, "s1");
};

TEST_F(order_service_test, customer_order_is_forced_to_the_customer_and_seen_only_by_them) {
    auto alice = person("alice", auth::role::customer, "s1");
    auto bob = person("bob", auth::role::customer, "s1");
    auto id = create(alice, R"({"items":[{"name":"tea"}]})");
    auto mine = service_->get(alice, id);
    ASSERT_TRUE(mine);
    EXPECT_EQ(mine->order.customer_id, "alice");
    EXPECT_EQ(mine->order.site_id, "s1");
    auto theirs = service_->get(bob, id);
    ASSERT_FALSE(theirs);
    EXPECT_EQ(theirs.error().code, error_code::not_found);
    auto for_bob = service_->create(alice, *parse_order_draft(R"({"customerId":"bob"})"), nullptr);
    ASSERT_FALSE(for_bob);
    EXPECT_EQ(for_bob.error().code, error_code::insufficient_permissions);
}

TEST_F(order_service_test, staff_see_and_change_only_their_site) {
    auto id = create(admin_, R"({"siteId":"s2"})");
    auto other_site = person("e9", auth::role::employee, "s1");
    EXPECT_FALSE(service_->get(other_site, id));
    auto moved = set_status(other_site, id, "confirmed");
    ASSERT_FALSE(moved);
    EXPECT_EQ(moved.error().code, error_code::not_found);
    auto refused = service_->create(other_site, *parse_order_draft(R"({"siteId":"s2"})"), nullptr);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, error_code::insufficient_permissions);
}

TEST_F(order_service_test, customer_cannot_change_their_own_order) {
    auto alice = person("alice", auth::role::customer, "s1");
    auto id = create(alice, "{}");
    auto moved = set_status(alice, id, "cancelled");
    ASSERT_FALSE(moved);
    EXPECT_EQ(moved.error().code, error_code::insufficient_permissions);
}

TEST_F(order_service_test, refused_transition_names_both_statuses_and_changes_nothing) {
    auto id = create(staff_);
    for (const char* s : {"confirmed", "in_progress", "ready", "completed"})
        ASSERT_TRUE(set_status(staff_, id, s)) << s;
    auto back = set_status(staff_, id, "in_progress");
    ASSERT_FALSE(back);
    EXPECT_EQ(back.error().code, error_code::invalid_order_status);
    EXPECT_EQ(back.error().message, "Cannot transition from 'completed' to 'in_progress'");
    auto unknown_from_terminal = set_status(staff_, id, "preparing");
    ASSERT_FALSE(unknown_from_terminal);
    EXPECT_EQ(unknown_from_terminal.error().code, error_code::invalid_order_status);
    auto o = service_->get(staff_, id);
    EXPECT_EQ(o->order.status, "completed");
    EXPECT_NE(o->order.completed_at_ms, 0);
    EXPECT_EQ(o->order.version, 5);
}

TEST_F(order_service_test, unknown_status_from_an_open_order_is_an_invalid_value) {
    auto id = create(staff_);
    auto r = set_status(staff_, id, "preparing");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, error_code::invalid_value);
}

TEST_F(order_service_test, stale_version_is_a_conflict_and_current_version_applies) {
    auto id = create(staff_);
    order_patch p;
    p.priority = "high";
    p.expected_version = 1;
    ASSERT_TRUE(service_->update(staff_, id, p));
    p.priority = "low";
    auto stale = service_->update(staff_, id, p);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, error_code::version_conflict);
    EXPECT_EQ(stale.error().details, R"({"currentVersion":2})");
    EXPECT_EQ(service_->get(staff_, id)->order.priority, "high");
}

TEST_F(order_service_test, every_status_change_writes_a_production_log_row) {
    auto id = create(staff_);
    ASSERT_TRUE(set_status(staff_, id, "confirmed"));
    order_patch stage;
    stage.stage = "cutting";
    ASSERT_TRUE(service_->update(staff_, id, stage));
    order_patch progress;
    progress.progress = 50;  // progress alone is not logged
    ASSERT_TRUE(service_->update(staff_, id, progress));
    auto logs = service_->logs(staff_, id, 100);
    ASSERT_TRUE(logs);
    ASSERT_EQ(logs->size(), 3u);
    EXPECT_EQ((*logs)[0].status, "pending");
    EXPECT_EQ((*logs)[1].status, "confirmed");
    EXPECT_NE((*logs)[1].details.find(R"("from":"pending")"), std::string::npos) << (*logs)[1].details;
    EXPECT_EQ((*logs)[2].stage, "cutting");
    EXPECT_EQ((*logs)[2].order_version, 3);
    auto customer_view = service_->logs(person("c", auth::role::customer), id, 10);
    EXPECT_FALSE(customer_view);
}

TEST_F(order_service_test, events_go_to_the_orders_channels_after_commit) {
    auto id = create(admin_, R"({"siteId":"s1","customerId":"c1","stationId":"k1"})");
    EXPECT_EQ(types_on("orders:customer:c1"), (std::vector<std::string>{"order_created"}));
    EXPECT_EQ(types_on("site:s1:orders"), (std::vector<std::string>{"order_created"}));
    EXPECT_TRUE(types_on("order:" + id).empty());
    ASSERT_TRUE(set_status(staff_, id, "confirmed"));
    EXPECT_EQ(types_on("order:" + id), (std::vector<std::string>{"order_status_changed"}));
    auto ev = events_.on("order:" + id).at(0);
    EXPECT_NE(ev.data.find(R"("previousStatus":"pending","currentStatus":"confirmed","updatedBy":"e1")"),
              std::string::npos)
        << ev.data;
    // Whether subscribers must acknowledge it is the hub's configuration (critical types),
    // not the order's: the service asks for nothing more.
    EXPECT_FALSE(ev.requires_ack);
    order_patch assign;
    assign.station_id = "k2";
    assign.assignee_id = "e7";
    ASSERT_TRUE(service_->update(staff_, id, assign));
    // The previous station hears that the order left it; the new one and the assignee get it.
    EXPECT_EQ(types_on("station:k1:orders").back(), "order_assigned");
    EXPECT_EQ(types_on("station:k2:orders"), (std::vector<std::string>{"order_assigned"}));
    EXPECT_EQ(types_on("orders:employee:e7"), (std::vector<std::string>{"order_assigned"}));
    EXPECT_TRUE(types_on("site:s2:orders").empty());
}

TEST_F(order_service_test, ready_completed_and_cancelled_follow_the_status_change) {
    auto a = create(staff_);
    for (const char* s : {"confirmed", "in_progress", "ready", "completed"})
        ASSERT_TRUE(set_status(staff_, a, s));
    EXPECT_EQ(
        types_on("order:" + a),
        (std::vector<std::string>{"order_status_changed", "order_status_changed", "order_status_changed",
                                  "order_ready", "order_status_changed", "order_completed"}));
    auto b = create(staff_);
    ASSERT_TRUE(set_status(staff_, b, "cancelled"));
    EXPECT_EQ(types_on("order:" + b), (std::vector<std::string>{"order_status_changed", "order_cancelled"}));
}

TEST_F(order_service_test, unchanged_patch_keeps_the_version_and_publishes_nothing) {
    auto id = create(staff_);
    order_patch same;
    same.priority = "normal";
    auto r = service_->update(staff_, id, same);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->version, 1);
    EXPECT_TRUE(types_on("order:" + id).empty());
}

TEST_F(order_service_test, idempotent_create_replays_the_first_answer_and_refuses_a_different_body) {
    auto draft = *parse_order_draft(R"({"siteId":"s1"})");
    idempotency key{"key-1", request_fingerprint("POST", "/api/v1/orders", R"({"siteId":"s1"})")};
    auto first = service_->create(staff_, draft, &key);
    auto again = service_->create(staff_, draft, &key);
    ASSERT_TRUE(first);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(again->body, first->body);
    auto page = service_->list(admin_, {});
    EXPECT_EQ(page->orders.size(), 1u);
    idempotency other{"key-1",
                      request_fingerprint("POST", "/api/v1/orders", R"({"siteId":"s1","priority":"high"})")};
    auto reused = service_->create(staff_, draft, &other);
    ASSERT_FALSE(reused);
    EXPECT_EQ(reused.error().code, error_code::idempotency_key_reused);
    // Keys belong to their caller: another user's identical key creates a new order.
    auto someone_else = person("e2", auth::role::employee, "s1");
    ASSERT_TRUE(service_->create(someone_else, draft, &key));
    EXPECT_EQ(service_->list(admin_, {})->orders.size(), 2u);
}

TEST_F(order_service_test, list_is_scoped_to_the_caller_and_pages_with_a_cursor) {
    for (int i = 0; i < 5; ++i) create(admin_, R"({"siteId":"s1"})");
    create(admin_, R"({"siteId":"s2"})");
    order_query q;
    q.limit = 2;
    std::size_t seen = 0;
    for (;;) {
        auto page = service_->list(staff_, q);
        ASSERT_TRUE(page);
        for (auto& o : page->orders) EXPECT_EQ(o.site_id, "s1");
        seen += page->orders.size();
        if (page->next_cursor.empty()) break;
        q.cursor = page->next_cursor;
    }
    EXPECT_EQ(seen, 5u);
    order_query other;
    other.site_id = "s2";
    auto refused = service_->list(staff_, other);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, error_code::insufficient_permissions);
    order_query bad;
    bad.cursor = "zzz";
    EXPECT_EQ(service_->list(staff_, bad).error().code, error_code::invalid_message);
}

TEST_F(order_service_test, ownership_answers_from_the_store) {
    auto alice = person("alice", auth::role::customer, "s1");
    auto id = create(alice, "{}");
    EXPECT_TRUE(service_->may_see(alice, id));
    EXPECT_FALSE(service_->may_see(person("bob", auth::role::customer), id));
    EXPECT_FALSE(service_->may_see(alice, "no-such-order"));
    EXPECT_TRUE(service_->may_see(staff_, id));
}

TEST_F(order_service_test, times_are_the_clock_s_and_logs_measure_the_time_between_changes) {
    auto id = create(staff_);
    clock_.advance(90'000);
    auto confirmed = set_status(staff_, id, "confirmed");
    ASSERT_TRUE(confirmed);
    EXPECT_EQ(confirmed->created_at_ms, k_start_ms);
    EXPECT_EQ(confirmed->updated_at_ms, k_start_ms + 90'000);
    clock_.advance(30'000);
    for (const char* s : {"in_progress", "ready", "completed"}) ASSERT_TRUE(set_status(staff_, id, s));
    auto done = service_->get(staff_, id);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->order.completed_at_ms, k_start_ms + 120'000);
    auto logs = service_->logs(staff_, id, 10);
    ASSERT_TRUE(logs);
    ASSERT_EQ(logs->size(), 5u);
    EXPECT_EQ((*logs)[0].processing_time_ms, 0);
    EXPECT_EQ((*logs)[1].processing_time_ms, 90'000);
    EXPECT_EQ((*logs)[2].processing_time_ms, 30'000);
    EXPECT_EQ((*logs)[3].processing_time_ms, 0);
    auto completed = events_.on("order:" + id).back();
    EXPECT_EQ(completed.type, "order_completed");
    EXPECT_NE(completed.data.find(R"("completedAt":"2026-01-01T00:02:00.000Z","durationMs":120000)"),
              std::string::npos)
        << completed.data;
}

TEST_F(order_service_test, lists_are_newest_first_by_the_time_of_creation) {
    auto a = create(staff_);
    clock_.advance(5);
    auto b = create(staff_);
    clock_.advance(5);
    auto c = create(staff_);
    clock_.advance(5);
    ASSERT_TRUE(set_status(staff_, a, "confirmed"));  // an update does not move it up
    auto page = service_->list(staff_, {});
    ASSERT_TRUE(page);
    ASSERT_EQ(page->orders.size(), 3u);
    EXPECT_EQ(page->orders[0].id, c);
    EXPECT_EQ(page->orders[1].id, b);
    EXPECT_EQ(page->orders[2].id, a);
    order_query recent;
    recent.updated_since_ms = k_start_ms + 10;
    auto changed = service_->list(staff_, recent);
    ASSERT_TRUE(changed);
    ASSERT_EQ(changed->orders.size(), 2u);
    EXPECT_EQ(changed->orders[0].id, c);
    EXPECT_EQ(changed->orders[1].id, a);
}

TEST_F(order_service_test, a_remembered_answer_is_forgotten_once_the_retention_has_passed_on_the_clock) {
    auto draft = *parse_order_draft(R"({"siteId":"s1"})");
    idempotency key{"key-9", request_fingerprint("POST", "/api/v1/orders", R"({"siteId":"s1"})")};
    auto first = service_->create(staff_, draft, &key);
    ASSERT_TRUE(first);
    constexpr std::int64_t k_retention_ms = 60'000;
    clock_.advance(k_retention_ms);
    EXPECT_EQ(forget_expired_answers(*store_, clock_, k_retention_ms), 0) << "exactly the retention: kept";
    auto within = service_->create(staff_, draft, &key);
    ASSERT_TRUE(within);
    EXPECT_TRUE(within->replayed);
    clock_.advance(1);
    EXPECT_EQ(forget_expired_answers(*store_, clock_, k_retention_ms), 1);
    auto later = service_->create(staff_, draft, &key);
    ASSERT_TRUE(later);
    EXPECT_FALSE(later->replayed);
    EXPECT_NE(later->id, first->id);
}

}  // namespace
}  // namespace ordercast::domain

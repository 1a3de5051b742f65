// The queue service over a real SQLite store, on a manual clock: a job's wait, not the
// test's own, decides the claim order, and what the service stamps and publishes follows
// the clock it was given.
#include "domain/queue/queue_service.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "core/clock.hpp"
#include "domain/event_sink_test_support.hpp"
#include "domain/order_service.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace ordercast::domain::queue {
namespace {

constexpr std::int64_t k_start_ms = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

class queue_service_test : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/ordercast-queue-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        store_ = std::make_unique<store::sqlite_store>(store::sqlite_store_options{dir_ + "/q.db", 2000, 2});
        store_->migrate();
        orders_ = std::make_unique<order_service>(*store_, events_, clock_, machine_, 100);
    }
    void TearDown() override {
        queue_.reset();
        orders_.reset();
        store_.reset();
        std::filesystem::remove_all(dir_);
    }
    // One aging credit per minute waited, as queue.aging_credit_per_minute: 60 gives 60 levels.
    void start(double credit_per_minute) {
        queue_settings s;
        s.aging_per_ms = credit_per_minute / 60000.0;
        queue_ = std::make_unique<queue_service>(*store_, events_, clock_, *orders_, s);
    }
    std::string submit(int priority) {
        job_draft d;
        d.site_id = "s1";
        d.priority = priority;
        auto job = queue_->submit(operator_, d);
        EXPECT_TRUE(job) << (job ? "" : job.error().message);
        return job ? job->id : std::string();
    }
    std::string next() {
        auto job = queue_->process_next(operator_, job_action{});
        EXPECT_TRUE(job) << (job ? "" : job.error().message);
        return job && *job ? (*job)->id : std::string();
    }

    std::string dir_;
    core::manual_clock clock_{k_start_ms};
    testing::recording_event_sink events_;
    status_machine machine_{orders_config{}};
    std::unique_ptr<store::sqlite_store> store_;
    std::unique_ptr<order_service> orders_;
    std::unique_ptr<queue_service> queue_;
    auth::principal operator_{"op1", auth::role::operator_, "s1", {}, 0};
};

TEST_F(queue_service_test, a_low_job_that_waited_long_enough_is_claimed_before_a_fresh_normal_one) {
    start(60);
    const auto low = submit(4);
    clock_.advance(4000);  // 4 levels of credit: LOW (4) now scores 0, below a fresh NORMAL (3)
    const auto normal = submit(3);
    EXPECT_EQ(next(), low);
    EXPECT_EQ(next(), normal);
}

TEST_F(queue_service_test, without_the_wait_the_higher_priority_is_claimed_first) {
    start(60);
    const auto low = submit(4);
    clock_.advance(500);  // half a level: not enough
    const auto normal = submit(3);
    EXPECT_EQ(next(), normal);
    EXPECT_EQ(next(), low);
}

TEST_F(queue_service_test, a_held_job_does_not_age_while_it_is_held) {
    start(60);
    const auto low = submit(4);
    ASSERT_TRUE(queue_->hold(operator_, low));
    clock_.advance(4000);
    const auto normal = submit(3);
    ASSERT_TRUE(queue_->release(operator_, low));
    EXPECT_EQ(next(), normal);
    EXPECT_EQ(next(), low);
}

TEST_F(queue_service_test, times_and_job_numbers_come_from_the_clock) {
    start(0);
    const auto first = submit(3);
    EXPECT_EQ(first, "JOB-20260101-001");
    clock_.advance(1234);
    auto claimed = queue_->process_next(operator_, job_action{});
    ASSERT_TRUE(claimed && *claimed);
    EXPECT_EQ((*claimed)->created_at_ms, k_start_ms);
    EXPECT_EQ((*claimed)->queued_at_ms, k_start_ms);
    EXPECT_EQ((*claimed)->started_at_ms, k_start_ms + 1234);
    clock_.set(k_start_ms + 86'400'000);  // the next day numbers from 001 again
    EXPECT_EQ(submit(3), "JOB-20260102-001");
    const auto changes = events_.on("site:s1:queue");
    ASSERT_FALSE(changes.empty());
    EXPECT_EQ(changes.front().type, "job_status_changed");
    EXPECT_NE(changes.front().data.find(R"("updatedAt":"2026-01-01T00:00:00.000Z")"), std::string::npos)
        << changes.front().data;
}

TEST_F(queue_service_test, a_transient_failure_waits_its_backoff_on_the_clock) {
    queue_settings s;
    s.retry_backoff_ms = 5000;
    s.transient_retry_limit = 3;
    queue_ = std::make_unique<queue_service>(*store_, events_, clock_, *orders_, s);
    const auto id = submit(3);
    ASSERT_EQ(next(), id);
    job_action failure;
    failure.error = "jam";
    failure.transient = true;
    auto failed = queue_->fail(operator_, id, failure);
    ASSERT_TRUE(failed);
    EXPECT_EQ(failed->not_before_ms, k_start_ms + 5000);
    clock_.advance(4999);
    EXPECT_EQ(next(), "") << "not before the backoff has passed";
    clock_.advance(1);
    EXPECT_EQ(next(), id);
}

}  // namespace
}  // namespace ordercast::domain::queue

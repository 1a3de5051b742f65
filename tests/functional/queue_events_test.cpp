// The queue live and its coupling to orders, against the real binary: job_status_changed
// and coalesced queue_update on site:{site}:queue; a job submitted automatically when an
// order reaches the configured status, and completing it moves the order on.
#include "functional/queue_fixture.hpp"

namespace ordercast::test {
namespace {

class queue_events : public queue_test {
protected:
    static bool granted(const json_value& confirmed, const std::string& channel) {
        auto list = confirmed.strings("/data/channels");
        return std::find(list.begin(), list.end(), channel) != list.end();
    }
};

TEST_F(queue_events, a_subscribed_station_receives_job_status_changed_and_queue_update) {
    start_server();
    auto station = connect(operator_c1());
    ASSERT_TRUE(granted(subscribe(*station, {"site:s1:queue"}), "site:s1:queue"));
    const auto id = submit_id(R"({"priority":"URGENT"})");
    auto changed = station->receive_type("job_status_changed", k_frame_timeout);
    ASSERT_TRUE(changed);
    EXPECT_EQ(changed->str("/channel"), "site:s1:queue");
    EXPECT_EQ(changed->str("/data/jobId"), id);
    EXPECT_TRUE(changed->at("/data/previousStatus").is_null()) << changed->dump();
    EXPECT_EQ(changed->str("/data/currentStatus"), "QUEUED");
    EXPECT_EQ(changed->i64("/data/priority"), 1);
    EXPECT_EQ(changed->str("/data/updatedBy"), "e1");
    auto update = station->receive_type("queue_update", k_frame_timeout);
    ASSERT_TRUE(update);
    EXPECT_EQ(update->str("/data/siteId"), "s1");
    EXPECT_EQ(update->i64("/data/pending"), 1) << update->dump();
    EXPECT_EQ(update->i64("/data/processing"), 0);
    EXPECT_EQ(update->i64("/data/completed"), 0);
    EXPECT_EQ(update->i64("/data/failed"), 0);
    EXPECT_EQ(update->boolean("/data/paused"), false);

    ASSERT_EQ(next_job(R"({"stationId":"c1"})", operator_c1()), id);
    auto started = station->receive_type("job_status_changed", k_frame_timeout);
    ASSERT_TRUE(started);
    EXPECT_EQ(started->str("/data/previousStatus"), "QUEUED");
    EXPECT_EQ(started->str("/data/currentStatus"), "PROCESSING");
    EXPECT_EQ(started->str("/data/stationId"), "c1");
    auto counts = station->receive_type("queue_update", k_frame_timeout);
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->i64("/data/processing"), 1) << counts->dump();
    EXPECT_EQ(counts->i64("/data/pending"), 0);

    ASSERT_EQ(call("POST", "/api/v1/queue/pause", manager(), "{}").status, 200u);
    auto paused = station->receive_type("queue_update", k_frame_timeout);
    ASSERT_TRUE(paused);
    EXPECT_EQ(paused->boolean("/data/paused"), true);
    station->close();
}

TEST_F(queue_events, queue_updates_are_coalesced_under_a_burst_of_changes) {
    start_server({{"ORDERCAST_QUEUE_UPDATE_INTERVAL_MS", "1500"}});
    auto station = connect(operator_c1());
    subscribe(*station, {"site:s1:queue"});
    constexpr int k_burst = 40;
    for (int i = 0; i < k_burst; ++i) submit_id("{}");
    // Every job change is its own event; the counters come a few at a time, the last with
    // the final figures.
    int changes = 0, updates = 0;
    std::int64_t last_pending = -1;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline && (changes < k_burst || last_pending != k_burst)) {
        auto f = station->receive(std::chrono::seconds(5));
        if (!f) break;
        if (f->str("/type") == "job_status_changed") ++changes;
        if (f->str("/type") == "queue_update") {
            ++updates;
            last_pending = f->i64("/data/pending").value_or(-1);
        }
    }
    EXPECT_EQ(changes, k_burst);
    EXPECT_EQ(last_pending, k_burst);
    EXPECT_GE(updates, 1);
    EXPECT_LT(updates, 10) << "one queue_update per change would be " << k_burst;
    station->close();
}

TEST_F(queue_events, an_order_reaching_the_configured_status_gets_a_job_and_completing_it_moves_the_order) {
    start_server({{"ORDERCAST_QUEUE_SUBMIT_ON_ORDER_STATUS", "in_progress"},
                  {"ORDERCAST_QUEUE_ORDER_STATUS_ON_COMPLETE", "ready"}});
    const auto order = create_order_id(
        staff(),
        R"({"priority":"high","attributes":{"garmentType":"jacket","fabricRequiredCm":53.8,"pltFile":"/out/o.plt"}})");
    auto watcher = connect(manager());
    subscribe(*watcher, {"site:s1:orders", "site:s1:queue"});
    patch_order(order, R"({"status":"confirmed"})");
    EXPECT_EQ(call("GET", "/api/v1/queue/jobs?order=" + order, staff()).json().items("/jobs").size(), 0u)
        << "confirmed is not the configured status";
    patch_order(order, R"({"status":"in_progress"})");
    auto jobs = call("GET", "/api/v1/queue/jobs?order=" + order, staff()).json().items("/jobs");
    ASSERT_EQ(jobs.size(), 1u);
    const auto job = jobs[0];
    EXPECT_EQ(job.str("/status"), "QUEUED");
    EXPECT_EQ(job.i64("/priority"), 2) << "from the order's priority";
    EXPECT_EQ(job.str("/garmentType"), "jacket");
    EXPECT_EQ(job.number("/fabricRequiredCm"), 53.8);
    EXPECT_EQ(job.str("/plotFile"), "/out/o.plt");
    EXPECT_EQ(job.str("/createdBy"), "queue");
    auto submitted = watcher->receive_type("job_status_changed", k_frame_timeout);
    ASSERT_TRUE(submitted);
    EXPECT_EQ(submitted->str("/data/orderId"), order);

    const auto id = job.str("/id").value_or("");
    ASSERT_EQ(next_job(), id);
    auto done = act(id, "complete");
    ASSERT_EQ(done.status, 200u) << done.body;
    auto got = call("GET", "/api/v1/orders/" + order, staff()).json();
    EXPECT_EQ(got.str("/status"), "ready") << got.dump();
    std::vector<json_value> skipped;
    std::optional<json_value> moved;
    while ((moved = watcher->receive_type("order_status_changed", k_frame_timeout, &skipped)) &&
           moved->str("/data/currentStatus") != "ready") {
    }
    ASSERT_TRUE(moved) << "no order_status_changed to ready";
    EXPECT_EQ(moved->str("/data/previousStatus"), "in_progress");
    EXPECT_EQ(moved->str("/data/updatedBy"), "queue");
    watcher->close();
}

}  // namespace
}  // namespace ordercast::test

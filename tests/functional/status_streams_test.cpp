// The periodic streams at shortened intervals: system_status on system:status and
// metrics_update on site:{site}:metrics, each only while someone listens.
#include "functional/ops_fixture.hpp"

#include "support/json.hpp"

namespace ordercast::test {
namespace {

using namespace std::chrono_literals;

class status_streams : public ops_test {
protected:
    // Milliseconds since midnight (UTC) of the frame's "timestamp" (…THH:MM:SS.mmmZ).
    static std::int64_t ms_of_day(const json_value& frame) {
        auto t = frame.str("/timestamp").value_or("");
        if (t.size() < 24) return 0;
        return ((std::stoll(t.substr(11, 2)) * 60 + std::stoll(t.substr(14, 2))) * 60 +
                std::stoll(t.substr(17, 2))) *
                   1000 +
               std::stoll(t.substr(20, 3));
    }

    void SetUp() override {
        start_server({{"ORDERCAST_STREAMS_SYSTEM_STATUS_INTERVAL_MS", "300"},
                      {"ORDERCAST_STREAMS_METRICS_INTERVAL_MS", "300"}});
    }
};

TEST_F(status_streams, system_status_arrives_at_the_configured_interval) {
    create_order_id(staff(), "{}");
    auto dashboard = connect(manager());
    ASSERT_TRUE(granted(subscribe(*dashboard, {"system:status"}), "system:status"));
    const auto started = std::chrono::steady_clock::now();
    std::vector<json_value> statuses;
    for (int i = 0; i < 3; ++i) statuses.push_back(next_of(*dashboard, "system_status"));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s) << "three 300 ms ticks took seconds";
    // The server stamps each publish: a timer never fires early, so ticks are >= 300 ms apart
    // (the clock's millisecond rounding aside).
    for (std::size_t i = 1; i < statuses.size(); ++i) {
        std::int64_t gap = ms_of_day(statuses[i]) - ms_of_day(statuses[i - 1]);
        if (gap < 0) gap += 86400000;
        EXPECT_GE(gap, 299) << describe(statuses);
    }
    const auto& s = statuses.back();
    EXPECT_EQ(s.str("/channel"), "system:status");
    EXPECT_EQ(s.str("/data/status"), "healthy");
    EXPECT_EQ(s.i64("/data/activeOrders"), 1);
    EXPECT_GE(s.number("/data/apiLatencyMs").value_or(-1), 0.0);
    EXPECT_GE(s.i64("/data/connections").value_or(0), 1);
    dashboard->close();
}

TEST_F(status_streams, metrics_update_reports_the_sites_current_hour_and_station_queues) {
    create_order_id(
        staff(), R"({"stationId":"k1","items":[{"name":"Cappuccino","quantity":2},{"name":"Americano"}]})");
    create_order_id(staff(), R"({"stationId":"k1","items":[{"name":"Cappuccino","quantity":1}]})");
    auto done = create_order_id(staff(), R"({"stationId":"k2","items":[{"name":"Americano","quantity":1}]})");
    for (const char* status : {"confirmed", "in_progress", "ready", "completed"})
        patch_order(done, std::string(R"({"status":")") + status + "\"}");
    // The station queues are the job queue's: two QUEUED jobs at cutter k1, none elsewhere.
    for (int i = 0; i < 2; ++i)
        ASSERT_EQ(call("POST", "/api/v1/queue/jobs", staff(), R"({"stationId":"k1"})").status, 201);

    auto dashboard = connect(manager());
    ASSERT_TRUE(granted(subscribe(*dashboard, {"site:s1:metrics"}), "site:s1:metrics"));
    auto m = next_of(*dashboard, "metrics_update");
    EXPECT_EQ(m.str("/data/period"), "current_hour");
    EXPECT_EQ(m.i64("/data/metrics/ordersReceived"), 3);
    EXPECT_EQ(m.i64("/data/metrics/ordersCompleted"), 1);
    EXPECT_EQ(m.str("/data/metrics/topItems/0/name"), "Cappuccino");
    EXPECT_EQ(m.i64("/data/metrics/topItems/0/count"), 3);
    EXPECT_EQ(m.str("/data/stations/0/stationId"), "k1");
    EXPECT_EQ(m.i64("/data/stations/0/queueLength"), 2);
    EXPECT_EQ(m.items("/data/stations").size(), 1u) << m.dump();
    EXPECT_EQ(m.i64("/data/metrics/queueBacklog"), 2);
    EXPECT_TRUE(m.number("/data/metrics/averageWaitTime"));
    auto again = next_of(*dashboard, "metrics_update");
    EXPECT_EQ(again.str("/channel"), "site:s1:metrics");
    dashboard->close();
}

TEST_F(status_streams, nothing_is_published_while_nobody_listens) {
    create_order_id(staff(), R"({"stationId":"k1"})");
    // A missing metric must fail the test, not compare equal to itself.
    const auto before = metric_value(metrics_text(), "ordercast_published_total");
    ASSERT_TRUE(before.has_value()) << "ordercast_published_total missing: " << metrics_text();
    std::this_thread::sleep_for(1s);  // three ticks of each stream
    const auto after = metric_value(metrics_text(), "ordercast_published_total");
    ASSERT_TRUE(after.has_value()) << "ordercast_published_total missing: " << metrics_text();
    EXPECT_EQ(*after, *before);
}

}  // namespace
}  // namespace ordercast::test

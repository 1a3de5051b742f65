// Alert rules over the real server: a rule raises ONE alert on site:{site}:alerts while its
// condition lasts, the alert is acknowledged over WebSocket or REST, and the rule resolves
// it when the condition clears. Intervals and thresholds are shortened by configuration.
#include "functional/ops_fixture.hpp"

#include <map>
#include <set>

namespace ordercast::test {
namespace {

using namespace std::chrono_literals;

class alerts_average_wait : public ops_test {
protected:
    void SetUp() override {
        start_server({{"ORDERCAST_ALERTS_RULES", "average_wait"},
                      {"ORDERCAST_ALERTS_AVERAGE_WAIT_THRESHOLD_S", "1"},
                      {"ORDERCAST_ALERTS_EVALUATION_INTERVAL_MS", "100"}});
    }
};

TEST_F(alerts_average_wait, raised_once_acknowledged_over_websocket_and_resolved_when_the_wait_clears) {
    auto screen = connect(manager());
    ASSERT_TRUE(granted(subscribe(*screen, {"site:s1:alerts"}), "site:s1:alerts"));
    auto order =
        create_order_id(staff(), R"({"stationId":"k1","items":[{"name":"Cappuccino","quantity":1}]})");

    auto alert = next_of(*screen, "alert", 10s);
    const auto alert_id = alert.str("/data/alertId").value_or("");
    EXPECT_FALSE(alert_id.empty());
    EXPECT_EQ(alert.str("/data/category"), "queue_length");
    EXPECT_EQ(alert.str("/data/severity"), "warning");
    EXPECT_EQ(alert.str("/data/rule"), "average_wait");
    EXPECT_EQ(alert.str("/data/site"), "s1");
    EXPECT_EQ(alert.str("/data/unit"), "minutes");
    EXPECT_TRUE(alert.number("/data/threshold"));
    EXPECT_TRUE(alert.number("/data/currentValue"));
    EXPECT_FALSE(alert.strings("/data/suggestedActions").empty());

    // Many evaluations later, still one alert: no flood.
    std::this_thread::sleep_for(1s);
    for (const auto& f : drain(*screen)) EXPECT_NE(f.str("/type"), "alert") << f.dump();
    auto open = call("GET", "/api/v1/alerts?site=s1&state=open", manager()).json();
    EXPECT_EQ(open.items("/alerts").size(), 1u) << open.dump();

    ASSERT_TRUE(
        screen->send(R"({"type":"ack_alert","messageId":"m-ack","data":{"alertId":")" + alert_id + R"("}})"));
    EXPECT_EQ(next_of(*screen, "message_acknowledged").str("/data/messageId"), "m-ack");
    auto acked = next_of(*screen, "alert_acknowledged");
    EXPECT_EQ(acked.str("/data/alertId"), alert_id);
    EXPECT_EQ(acked.str("/data/acknowledgedBy"), "m1");
    auto stored = call("GET", "/api/v1/alerts/" + alert_id, manager()).json();
    EXPECT_EQ(stored.str("/state"), "acknowledged");
    EXPECT_EQ(stored.str("/acknowledgedBy"), "m1");
    EXPECT_TRUE(stored.str("/acknowledgedAt"));

    patch_order(order, R"({"status":"cancelled"})");  // no open order waits any more
    auto resolved = next_of(*screen, "alert_resolved", 10s);
    EXPECT_EQ(resolved.str("/data/alertId"), alert_id);
    EXPECT_EQ(resolved.str("/data/resolvedBy"), "rule:average_wait");
    EXPECT_EQ(call("GET", "/api/v1/alerts/" + alert_id, manager()).json().str("/state"), "resolved");
    screen->close();
}

class alerts_operation_timeouts : public ops_test {
protected:
    void SetUp() override {
        start_server({{"ORDERCAST_ALERTS_RULES", "operation_timeouts"},
                      {"ORDERCAST_ALERTS_OPERATION_TIMEOUTS_WINDOW_S", "3"},
                      {"ORDERCAST_ALERTS_EVALUATION_INTERVAL_MS", "100"},
                      {"ORDERCAST_OPERATIONS_PROGRESS_TIMEOUT_S", "1"},
                      {"ORDERCAST_OPERATIONS_SWEEP_INTERVAL_MS", "100"}});
    }
};

TEST_F(alerts_operation_timeouts, raised_once_acknowledged_over_rest_and_resolved_when_the_window_passes) {
    auto screen = connect(manager());  // site:{site}:alerts is for managers; employees ack over REST
    ASSERT_TRUE(granted(subscribe(*screen, {"site:s1:alerts"}), "site:s1:alerts"));
    start_operation();
    start_operation();  // two timeouts, still one alert

    auto alert = next_of(*screen, "alert", 10s);
    const auto alert_id = alert.str("/data/alertId").value_or("");
    EXPECT_EQ(alert.str("/data/rule"), "operation_timeouts");
    EXPECT_EQ(alert.str("/data/severity"), "critical");

    auto acked = call("POST", "/api/v1/alerts/" + alert_id + "/ack", staff());
    ASSERT_EQ(acked.status, 200u) << acked.body;
    EXPECT_EQ(acked.json().str("/state"), "acknowledged");
    EXPECT_EQ(acked.json().str("/acknowledgedBy"), "e1");
    expect_error(call("POST", "/api/v1/alerts/" + alert_id + "/ack", staff()), 409, "INVALID_ALERT_STATE");

    std::vector<json_value> before;
    auto resolved = screen->receive_type("alert_resolved", 15s, &before);
    ASSERT_TRUE(resolved) << describe(before);
    EXPECT_EQ(resolved->str("/data/alertId"), alert_id);
    for (const auto& f : before) EXPECT_NE(f.str("/type"), "alert") << "a second alert: " << f.dump();
    screen->close();
}

class alerts_orders_figures : public ops_test {
protected:
    // POST /api/v1/queue/jobs for `order_id`; throws unless 201.
    std::string submit_job_id(const std::string& order_id) {
        auto res = call("POST", "/api/v1/queue/jobs", staff(), R"({"orderId":")" + order_id + R"("})");
        if (res.status != 201)
            throw std::runtime_error("submit answered " + std::to_string(res.status) + " " + res.body);
        return res.json().str("/id").value_or("");
    }
    void SetUp() override {
        start_server({{"ORDERCAST_ALERTS_RULES", "queue_backlog,low_utilization"},
                      {"ORDERCAST_ALERTS_QUEUE_BACKLOG_THRESHOLD", "1"},
                      {"ORDERCAST_ALERTS_EVALUATION_INTERVAL_MS", "100"}});
    }
};

TEST_F(alerts_orders_figures, backlog_and_low_utilization_each_raise_one_alert_and_resolve_when_cleared) {
    auto screen = connect(manager());
    ASSERT_TRUE(granted(subscribe(*screen, {"site:s1:alerts"}), "site:s1:alerts"));
    auto first = create_order_id(staff(), R"({"attributes":{"garmentType":"jacket","utilization":0.62}})");
    // Two QUEUED jobs in the job queue: a backlog over 1.
    ASSERT_FALSE(submit_job_id(first).empty());
    auto job_b = submit_job_id(first);

    std::map<std::string, std::string> raised;  // rule -> alert id
    std::vector<json_value> frames;
    ASSERT_TRUE(eventually(
        [&] {
            if (auto f = screen->receive(200ms); f && f->str("/type") == "alert") {
                raised[f->str("/data/rule").value_or("?")] = f->str("/data/alertId").value_or("");
                frames.push_back(*f);
            }
            return raised.size() == 2;
        },
        10s, 1ms))
        << describe(frames);
    EXPECT_TRUE(raised.count("queue_backlog") && raised.count("low_utilization")) << describe(frames);
    EXPECT_EQ(frames[0].str("/data/site"), "s1");

    ASSERT_EQ(call("POST", "/api/v1/queue/jobs/" + job_b + "/cancel", staff(), "{}").status,
              200);                                                // backlog 1
    patch_order(first, R"({"attributes":{"utilization":0.91}})");  // 91 % now
    std::set<std::string> resolved;
    ASSERT_TRUE(eventually(
        [&] {
            if (auto f = screen->receive(200ms)) {
                EXPECT_NE(f->str("/type"), "alert") << "raised again: " << f->dump();
                if (f->str("/type") == "alert_resolved")
                    resolved.insert(f->str("/data/alertId").value_or(""));
            }
            return resolved.size() == 2;
        },
        10s, 1ms));
    EXPECT_EQ(resolved, (std::set<std::string>{raised["queue_backlog"], raised["low_utilization"]}));
    screen->close();
}

}  // namespace
}  // namespace ordercast::test

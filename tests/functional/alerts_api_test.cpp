// Alerts raised over REST: stored, pushed to site:{site}:alerts with their extra fields,
// listed by state and site, acknowledged and resolved with who and when; only staff of the
// site, services and admins take part.
#include "functional/ops_fixture.hpp"

namespace ordercast::test {
namespace {

class alerts_api : public ops_test {
protected:
    void SetUp() override { start_server(); }
    static constexpr const char* k_alert =
        R"({"severity":"warning","category":"queue_length","message":"Counter 1 queue exceeding 10 minutes average wait time",
            "site":"s1","counterId":"k1","currentWaitTime":12.5,"threshold":10,
            "suggestedActions":["Assign additional staff","Activate backup counter"]})";
};

TEST_F(alerts_api, an_alert_is_stored_pushed_acknowledged_and_resolved_with_who_and_when) {
    auto screen = connect(manager());
    subscribe(*screen, {"site:s1:alerts"});
    auto created = call("POST", "/api/v1/alerts", service_token(), k_alert);
    ASSERT_EQ(created.status, 201u) << created.body;
    auto id = created.json().str("/id").value_or("");
    EXPECT_EQ(created.json().str("/state"), "open");

    auto pushed = next_of(*screen, "alert");
    EXPECT_EQ(pushed.str("/channel"), "site:s1:alerts");
    EXPECT_EQ(pushed.str("/data/alertId"), id);
    EXPECT_EQ(pushed.str("/data/counterId"), "k1");
    EXPECT_EQ(pushed.number("/data/currentWaitTime"), 12.5);
    EXPECT_EQ(pushed.strings("/data/suggestedActions").size(), 2u);

    auto resolved = call("POST", "/api/v1/alerts/" + id + "/resolve", staff());
    ASSERT_EQ(resolved.status, 200u) << resolved.body;
    EXPECT_EQ(resolved.json().str("/resolvedBy"), "e1");
    EXPECT_TRUE(resolved.json().str("/resolvedAt"));
    EXPECT_EQ(next_of(*screen, "alert_resolved").str("/data/resolvedBy"), "e1");
    expect_error(call("POST", "/api/v1/alerts/" + id + "/resolve", staff()), 409, "INVALID_ALERT_STATE");
    expect_error(call("POST", "/api/v1/alerts/" + id + "/ack", staff()), 409, "INVALID_ALERT_STATE");

    auto listed = call("GET", "/api/v1/alerts?state=resolved&site=s1", admin()).json();
    ASSERT_EQ(listed.items("/alerts").size(), 1u) << listed.dump();
    EXPECT_EQ(listed.str("/alerts/0/id"), id);
    EXPECT_TRUE(call("GET", "/api/v1/alerts?state=open", admin()).json().items("/alerts").empty());
    screen->close();
}

TEST_F(alerts_api, customers_and_other_sites_take_no_part) {
    auto id = call("POST", "/api/v1/alerts", staff(), k_alert).json().str("/id").value_or("");
    ASSERT_FALSE(id.empty());
    expect_error(call("POST", "/api/v1/alerts", alice(), k_alert), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("POST", "/api/v1/alerts", other_site_staff(), k_alert), 403,
                 "INSUFFICIENT_PERMISSIONS");
    expect_error(call("GET", "/api/v1/alerts", alice()), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("GET", "/api/v1/alerts/" + id, other_site_staff()), 404, "NOT_FOUND");
    expect_error(call("POST", "/api/v1/alerts/" + id + "/ack", other_site_staff()), 404, "NOT_FOUND");
    EXPECT_TRUE(call("GET", "/api/v1/alerts", other_site_staff()).json().items("/alerts").empty());
    expect_error(call("GET", "/api/v1/alerts?state=sleeping", admin()), 422, "INVALID_VALUE");
    expect_error(call("POST", "/api/v1/alerts", staff(),
                      R"({"severity":"loud","category":"x","message":"m","site":"s1"})"),
                 422, "INVALID_VALUE");
    auto c = connect(alice());
    ASSERT_TRUE(c->send(R"({"type":"ack_alert","messageId":"m1","data":{"alertId":")" + id + R"("}})"));
    EXPECT_EQ(next_of(*c, "message_error").str("/data/error/code"), "NOT_FOUND");
    c->close();
}

TEST_F(alerts_api, a_retried_raise_with_the_same_idempotency_key_raises_one_alert) {
    auto screen = connect(manager());
    subscribe(*screen, {"site:s1:alerts"});
    auto first = call("POST", "/api/v1/alerts", staff(), k_alert, {{"Idempotency-Key", "blade-7"}});
    ASSERT_EQ(first.status, 201u) << first.body;
    auto again = call("POST", "/api/v1/alerts", staff(), k_alert, {{"Idempotency-Key", "blade-7"}});
    ASSERT_EQ(again.status, 201u) << again.body;
    EXPECT_EQ(again.json().str("/id"), first.json().str("/id"));
    EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(first.header("Idempotent-Replayed"), "");
    auto listed = call("GET", "/api/v1/alerts?state=open", manager()).json();
    EXPECT_EQ(listed.items("/alerts").size(), 1u) << "the retry raised a second alert: " << listed.dump();
    EXPECT_EQ(next_of(*screen, "alert").str("/data/alertId"), first.json().str("/id"));
    expect_error(call("POST", "/api/v1/alerts", staff(),
                      R"({"severity":"info","category":"x","message":"m","site":"s1"})",
                      {{"Idempotency-Key", "blade-7"}}),
                 422, "IDEMPOTENCY_KEY_REUSED");
    // Keys are the caller's own: another caller's same key raises its own alert.
    auto other = call("POST", "/api/v1/alerts", manager(), k_alert, {{"Idempotency-Key", "blade-7"}});
    ASSERT_EQ(other.status, 201u) << other.body;
    EXPECT_NE(other.json().str("/id"), first.json().str("/id"));
    screen->close();
}

}  // namespace
}  // namespace ordercast::test

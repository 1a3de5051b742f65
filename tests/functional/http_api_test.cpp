// The HTTP side: the server publish and broadcast API with its errors, health, readiness,
// metrics, and unknown routes.
#include "support/server_fixture.hpp"

#include <set>

namespace ordercast::test {
namespace {

class http_api : public server_test {
protected:
    void SetUp() override { start_server(); }

    // Checks the REST error shape {"error":{"code","message"}}.
    static void expect_error(const http_response& res, unsigned status, const std::string& code) {
        EXPECT_EQ(res.status, status) << res.body << res.error;
        auto body = res.json();
        ASSERT_TRUE(body.is_object()) << "error body is not JSON: " << res.body;
        EXPECT_EQ(body.str("/error/code"), code) << res.body;
        auto message = body.str("/error/message");
        ASSERT_TRUE(message) << res.body;
        EXPECT_FALSE(message->empty());
    }
};

TEST_F(http_api, publish_as_service_returns_position_and_delivers) {
    auto client = connect(token("c1", "customer", "s1"));
    subscribe(*client, {"site:s1:general"});
    auto res = http().post_json(
        "/api/v1/publish", R"({"channel":"site:s1:general","type":"menu_changed","data":{"item":"tea"}})",
        service_token());
    ASSERT_EQ(res.status, 200u) << res.body;
    EXPECT_NE(res.header("Content-Type").find("application/json"), std::string::npos)
        << res.header("Content-Type");
    auto body = res.json();
    EXPECT_EQ(body.str("/channel"), "site:s1:general") << res.body;
    EXPECT_EQ(body.i64("/seq"), 1) << res.body;
    EXPECT_TRUE(body.str("/epoch")) << res.body;
    ASSERT_TRUE(body.str("/messageId")) << res.body;

    auto event = client->receive_type("menu_changed", k_frame_timeout);
    ASSERT_TRUE(event);
    EXPECT_EQ(event->str("/messageId"), body.str("/messageId"));
    EXPECT_EQ(event->str("/data/item"), "tea");
}

TEST_F(http_api, published_data_reaches_subscribers_compact_and_unchanged) {
    auto client = connect(token("c1", "customer", "s1"));
    subscribe(*client, {"site:s1:general"});
    // Space around structure goes; space, escapes and brackets inside strings stay. The second
    // body names "data" with an escape ("d\u0061ta"), which takes the parsed-tree path.
    const std::pair<std::string, std::string> cases[] = {
        {"{ \"channel\" : \"site:s1:general\", \"type\":\"x\",\n \"data\" : { \"s\" : \"a } \\\" [ b\" ,\n\t"
         "\"n\" : [ 1 , -2.5e3 , null , true ] , \"o\":{ } } }",
         R"({"s":"a } \" [ b","n":[1,-2.5e3,null,true],"o":{}})"},
        {R"({"type":"x","d\u0061ta": {"k": [1, 2]},"channel":"site:s1:general"})", R"({"k":[1,2]})"},
    };
    for (const auto& [body, data] : cases) {
        auto res = http().post_json("/api/v1/publish", body, service_token());
        ASSERT_EQ(res.status, 200u) << res.body;
        auto frame = client->receive_text(k_frame_timeout);
        ASSERT_TRUE(frame);
        const std::string expected = "\"data\":" + data + "}";
        ASSERT_GE(frame->size(), expected.size());
        EXPECT_EQ(frame->substr(frame->size() - expected.size()), expected) << *frame;
    }
}

TEST_F(http_api, publish_numbers_each_channel_separately_and_consecutively) {
    auto a1 = publish("site:s1:general", "x");
    auto b1 = publish("site:s2:general", "x");
    auto a2 = publish("site:s1:general", "x");
    auto a3 = publish("site:s1:general", "x");
    EXPECT_EQ(a1.i64("/seq"), 1);
    EXPECT_EQ(b1.i64("/seq"), 1);
    EXPECT_EQ(a2.i64("/seq"), 2);
    EXPECT_EQ(a3.i64("/seq"), 3);
    EXPECT_EQ(a1.str("/epoch"), a3.str("/epoch"));
    std::set<std::string> ids = {a1.str("/messageId").value_or("a"), b1.str("/messageId").value_or("b"),
                                 a2.str("/messageId").value_or("c"), a3.str("/messageId").value_or("d")};
    EXPECT_EQ(ids.size(), 4u) << "message ids must be unique";
}

TEST_F(http_api, publish_as_admin_is_allowed) {
    auto res = http().post_json("/api/v1/publish", R"({"channel":"system:status","type":"up","data":{}})",
                                token("a1", "admin"));
    EXPECT_EQ(res.status, 200u) << res.body;
}

TEST_F(http_api, publish_as_customer_or_staff_is_forbidden) {
    for (const auto& [sub, role] : std::vector<std::pair<std::string, std::string>>{
             {"c1", "customer"}, {"e1", "employee"}, {"m1", "manager"}, {"o1", "operator"}}) {
        auto res =
            http().post_json("/api/v1/publish", R"({"channel":"site:s1:general","type":"x","data":{}})",
                             token(sub, role, "s1"));
        SCOPED_TRACE(role);
        expect_error(res, 403, "INSUFFICIENT_PERMISSIONS");
    }
}

TEST_F(http_api, publish_without_token_is_unauthorized) {
    auto res = http().post_json("/api/v1/publish", R"({"channel":"site:s1:general","type":"x","data":{}})");
    expect_error(res, 401, "AUTHENTICATION_FAILED");
}

TEST_F(http_api, publish_with_forged_token_is_unauthorized) {
    auto forged = sign_hs256(make_claims("backend-1", "service"), "not-the-server-secret-but-long-enough-1");
    auto res =
        http().post_json("/api/v1/publish", R"({"channel":"site:s1:general","type":"x","data":{}})", forged);
    expect_error(res, 401, "AUTHENTICATION_FAILED");
    auto none = http().post_json("/api/v1/publish", R"({"channel":"site:s1:general","type":"x","data":{}})",
                                 unsigned_token(make_claims("backend-1", "service")));
    expect_error(none, 401, "AUTHENTICATION_FAILED");
}

TEST_F(http_api, publish_with_unparsable_body_is_invalid_message) {
    auto res = http().post_json("/api/v1/publish", R"({"channel": "site:s1:general", )", service_token());
    expect_error(res, 400, "INVALID_MESSAGE");
}

TEST_F(http_api, publish_with_missing_or_mistyped_fields_is_invalid_message) {
    for (const char* body :
         {R"({"type":"x","data":{}})",                               // no channel
          R"({"channel":"site:s1:general","data":{}})",              // no type
          R"({"channel":42,"type":"x","data":{}})",                  // channel not a string
          R"({"channel":"site:s1:general","type":"x","data":[1]})",  // data not an object
          R"({"channel":"site:s1:general","type":"x","data":{},"critical":"yes"})", R"([1,2,3])"}) {
        SCOPED_TRACE(body);
        expect_error(http().post_json("/api/v1/publish", body, service_token()), 400, "INVALID_MESSAGE");
    }
}

TEST_F(http_api, publish_to_an_invalid_channel_is_refused) {
    auto res = http().post_json("/api/v1/publish", R"({"channel":"nowhere:at:all","type":"x","data":{}})",
                                service_token());
    EXPECT_EQ(res.status, 400u) << res.body;
    auto bad_id = http().post_json("/api/v1/publish", R"({"channel":"order:bad id","type":"x","data":{}})",
                                   service_token());
    EXPECT_EQ(bad_id.status, 400u) << bad_id.body;
}

TEST_F(http_api, broadcast_publishes_to_every_channel_and_delivers) {
    auto general = connect(token("c1", "customer", "s1"));
    subscribe(*general, {"site:s1:general"});
    auto staff = connect(token("e1", "employee", "s1"));
    subscribe(*staff, {"site:s1:staff"});

    auto res = http().post_json(
        "/api/v1/broadcast",
        R"({"channels":["site:s1:general","site:s1:staff","system:status"],"type":"closing_soon","data":{"in":15}})",
        service_token());
    ASSERT_EQ(res.status, 200u) << res.body;
    auto published = res.json().items("/published");
    ASSERT_EQ(published.size(), 3u) << res.body;
    std::set<std::string> channels;
    for (const auto& p : published) {
        channels.insert(p.str("/channel").value_or(""));
        EXPECT_TRUE(p.i64("/seq")) << p.dump();
        EXPECT_TRUE(p.str("/messageId")) << p.dump();
    }
    EXPECT_EQ(channels, (std::set<std::string>{"site:s1:general", "site:s1:staff", "system:status"}));

    for (auto* c : {general.get(), staff.get()}) {
        auto event = c->receive_type("closing_soon", k_frame_timeout);
        ASSERT_TRUE(event);
        EXPECT_EQ(event->i64("/data/in"), 15);
    }
    EXPECT_FALSE(general->receive_type("closing_soon", k_quiet_period)) << "delivered twice";
}

TEST_F(http_api, broadcast_errors_match_publish_errors) {
    const char* body = R"({"channels":["site:s1:general"],"type":"x","data":{}})";
    expect_error(http().post_json("/api/v1/broadcast", body), 401, "AUTHENTICATION_FAILED");
    expect_error(http().post_json("/api/v1/broadcast", body, token("c1", "customer", "s1")), 403,
                 "INSUFFICIENT_PERMISSIONS");
    expect_error(http().post_json("/api/v1/broadcast",
                                  R"({"channels":"site:s1:general","type":"x","data":{}})", service_token()),
                 400, "INVALID_MESSAGE");
}

TEST_F(http_api, health_is_ok) {
    auto res = http().get("/health");
    ASSERT_EQ(res.status, 200u);
    EXPECT_EQ(res.json().str("/status"), "ok") << res.body;
}

TEST_F(http_api, ready_is_200_while_serving) {
    EXPECT_EQ(http().get("/ready").status, 200u);
}

TEST_F(http_api, unknown_route_is_404_not_found) {
    expect_error(http().get("/api/v1/does-not-exist"), 404, "NOT_FOUND");
    expect_error(http().get("/nothing-here"), 404, "NOT_FOUND");
}

TEST_F(http_api, metrics_expose_every_documented_series) {
    auto client = connect(token("c1", "customer", "s1"));
    subscribe(*client, {"site:s1:general"});
    publish("site:s1:general", "x");
    ASSERT_TRUE(client->receive_type("x", k_frame_timeout));
    http().get("/health");

    // The client may read the frame before the server's worker, back from send(), has
    // recorded writing it: wait for that record, then check every series.
    http_response res;
    ASSERT_TRUE(eventually(
        [&] {
            res = http().get("/metrics");
            return metric_value(res.body, "ordercast_publish_to_write_seconds_count").value_or(0) >= 1;
        },
        std::chrono::seconds(5)))
        << res.body;
    ASSERT_EQ(res.status, 200u);
    EXPECT_NE(res.header("Content-Type").find("text/plain"), std::string::npos) << res.header("Content-Type");
    const auto& text = res.body;
    for (const char* name :
         {"ordercast_connections_current", "ordercast_subscriptions_current", "ordercast_messages_in_total",
          "ordercast_messages_out_total", "ordercast_deliveries_total", "ordercast_bytes_out_total",
          "ordercast_slow_consumer_closes_total", "ordercast_auth_failures_total",
          "ordercast_rate_limit_hits_total", "ordercast_publish_to_write_seconds_count",
          "ordercast_publish_to_write_seconds_sum", "ordercast_http_requests_total"})
        EXPECT_TRUE(metric_value(text, name)) << name << " missing from /metrics";
    EXPECT_TRUE(metric_value(text, "ordercast_publish_to_write_seconds_bucket", R"(le="+Inf")")) << text;
    EXPECT_GE(metric_value(text, "ordercast_connections_current").value_or(0), 1);
    EXPECT_GE(metric_value(text, "ordercast_subscriptions_current").value_or(0), 1);
    EXPECT_GE(metric_value(text, "ordercast_deliveries_total").value_or(0), 1);
    EXPECT_GE(metric_value(text, "ordercast_publish_to_write_seconds_count").value_or(0), 1);
    EXPECT_GE(metric_value(text, "ordercast_messages_in_total").value_or(0), 1) << "the subscribe frame";
    EXPECT_GE(metric_value(text, "ordercast_http_requests_total", R"(status="200")").value_or(0), 2) << text;
}

TEST_F(http_api, http_requests_are_counted_by_route_and_status) {
    auto count = [&](const char* status) {
        return metric_value(metrics_text(), "ordercast_http_requests_total",
                            std::string("status=\"") + status + "\"")
            .value_or(0);
    };
    double not_found_before = count("404");
    http().get("/nothing-here");
    http().get("/nothing-here-either");
    EXPECT_GE(count("404"), not_found_before + 2);
    auto text = metrics_text();
    EXPECT_NE(text.find("route="), std::string::npos) << "http_requests_total needs a route label";
}

TEST_F(http_api, json_metrics_are_served_at_api_metrics) {
    auto client = connect(token("c1", "customer", "s1"));
    auto res = http().get("/api/metrics");
    ASSERT_EQ(res.status, 200u);
    auto body = res.json();
    ASSERT_TRUE(body.is_object()) << res.body;
    EXPECT_NE(res.body.find("connections_current"), std::string::npos) << res.body;
    EXPECT_NE(res.body.find("messages_out_total"), std::string::npos) << res.body;
}

}  // namespace
}  // namespace ordercast::test

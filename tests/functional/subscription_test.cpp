// Subscriptions: the permission matrix per role, failure reasons, channel aliases,
// unsubscribe, and that events reach exactly the subscribed connections.
#include "support/server_fixture.hpp"

namespace ordercast::test {
namespace {

class subscription : public server_test {
protected:
    void SetUp() override { start_server(); }

    // The reason `channel` was refused in a subscription_confirmed, or "" when it was not.
    static std::string failure_reason(const json_value& confirmed, const std::string& channel) {
        for (const auto& f : confirmed.items("/data/failed"))
            if (f.str("/channel") == channel) return f.str("/reason").value_or("<no reason>");
        return {};
    }
    static bool confirmed_channel(const json_value& confirmed, const std::string& channel) {
        auto list = confirmed.strings("/data/channels");
        return std::find(list.begin(), list.end(), channel) != list.end();
    }

    // Subscribes `principal_token` to each channel and checks which are granted.
    void expect_matrix(const std::string& principal_token, const std::vector<std::string>& allowed,
                       const std::vector<std::string>& denied) {
        auto client = connect(principal_token);
        std::vector<std::string> all = allowed;
        all.insert(all.end(), denied.begin(), denied.end());
        auto confirmed = subscribe(*client, all);
        for (const auto& c : allowed) {
            EXPECT_TRUE(confirmed_channel(confirmed, c)) << c << " should be granted: " << confirmed.dump();
            EXPECT_EQ(failure_reason(confirmed, c), "") << c;
        }
        for (const auto& c : denied) {
            EXPECT_FALSE(confirmed_channel(confirmed, c)) << c << " should be refused: " << confirmed.dump();
            EXPECT_EQ(failure_reason(confirmed, c), "insufficient_permissions")
                << c << ": " << confirmed.dump();
        }
    }

    // True when `client` receives an event of `type` within `timeout`.
    static bool receives(ws_client& client, const std::string& type, std::chrono::milliseconds timeout) {
        return client.receive_type(type, timeout).has_value();
    }
};

TEST_F(subscription, customer_gets_own_channels_and_is_refused_others) {
    expect_matrix(token("c1", "customer", "s1"),
                  {"orders:customer:c1", "site:s1:general", "user:c1", "system:status", "system:maintenance"},
                  {"orders:customer:c2", "user:c2", "site:s1:staff", "site:s1:orders", "site:s2:general",
                   "station:st1:orders", "orders:employee:e1", "order:o-1", "operation:op-1"});
}

TEST_F(subscription, employee_gets_own_stations_and_site_staff_channels) {
    expect_matrix(token("e1", "employee", "s1", {"st1", "st2"}),
                  {"orders:employee:e1", "station:st1:orders", "station:st2:status", "site:s1:staff",
                   "site:s1:general", "site:s1:queue", "site:s1:orders", "user:e1"},
                  {"orders:employee:e2", "station:st3:orders", "site:s2:staff", "site:s1:metrics",
                   "orders:customer:c1", "user:e2"});
}

TEST_F(subscription, operator_has_the_employee_matrix) {
    expect_matrix(token("op1", "operator", "s1", {"cutter-1"}),
                  {"orders:employee:op1", "station:cutter-1:status", "site:s1:queue"},
                  {"station:cutter-2:status", "site:s2:queue"});
}

TEST_F(subscription, manager_gets_everything_in_own_site_but_not_other_sites) {
    expect_matrix(token("m1", "manager", "s1"),
                  {"site:s1:alerts", "site:s1:metrics", "site:s1:staff", "station:any-station:status",
                   "orders:customer:c9", "system:status", "user:m1"},
                  {"site:s2:general", "site:s2:alerts", "user:someone-else"});
}

TEST_F(subscription, admin_may_subscribe_to_any_valid_channel) {
    expect_matrix(token("a1", "admin"),
                  {"site:s2:alerts", "orders:customer:c1", "user:c7", "station:st9:orders", "order:o-1",
                   "operation:op-1", "system:maintenance"},
                  {});
}

TEST_F(subscription, customer_never_receives_events_of_another_customers_channel) {
    auto mallory = connect(token("c2", "customer", "s1"));
    auto confirmed = subscribe(*mallory, {"orders:customer:c1"});
    EXPECT_EQ(failure_reason(confirmed, "orders:customer:c1"), "insufficient_permissions")
        << confirmed.dump();

    publish("orders:customer:c1", "order_created", R"({"orderId":"o-1"})");
    EXPECT_FALSE(receives(*mallory, "order_created", k_quiet_period)) << "leaked another customer's event";
}

TEST_F(subscription, unknown_channel_kind_is_refused_with_unknown_channel) {
    auto client = connect(token("a1", "admin"));
    auto confirmed = subscribe(*client, {"galaxy:far:away", "site:s1:nonsense", "system:whatever"});
    EXPECT_EQ(failure_reason(confirmed, "galaxy:far:away"), "unknown_channel") << confirmed.dump();
    EXPECT_EQ(failure_reason(confirmed, "site:s1:nonsense"), "unknown_channel") << confirmed.dump();
    EXPECT_EQ(failure_reason(confirmed, "system:whatever"), "unknown_channel") << confirmed.dump();
    EXPECT_TRUE(confirmed.strings("/data/channels").empty()) << confirmed.dump();
}

TEST_F(subscription, malformed_channel_id_is_refused_with_invalid_channel_id) {
    auto client = connect(token("a1", "admin"));
    const std::string too_long = "user:" + std::string(129, 'a');
    auto confirmed =
        subscribe(*client, {"order:has space", "user:" + std::string("semi;colon"), too_long, "order:"});
    EXPECT_EQ(failure_reason(confirmed, "order:has space"), "invalid_channel_id") << confirmed.dump();
    EXPECT_EQ(failure_reason(confirmed, "user:semi;colon"), "invalid_channel_id") << confirmed.dump();
    EXPECT_EQ(failure_reason(confirmed, too_long), "invalid_channel_id") << confirmed.dump();
    EXPECT_NE(failure_reason(confirmed, "order:"), "") << "an empty id must be refused: " << confirmed.dump();
}

TEST_F(subscription, aliases_are_confirmed_under_their_canonical_names) {
    auto client = connect(token("e1", "employee", "s1", {"st1"}));
    auto confirmed = subscribe(
        *client, {"cafe:s1:general", "branch:s1:staff", "counter:st1:orders", "machine:st1:status"});
    for (const auto* canonical :
         {"site:s1:general", "site:s1:staff", "station:st1:orders", "station:st1:status"})
        EXPECT_TRUE(confirmed_channel(confirmed, canonical)) << canonical << ": " << confirmed.dump();
    for (const auto* alias :
         {"cafe:s1:general", "branch:s1:staff", "counter:st1:orders", "machine:st1:status"})
        EXPECT_FALSE(confirmed_channel(confirmed, alias))
            << "alias listed instead of canonical: " << confirmed.dump();
    EXPECT_TRUE(confirmed.items("/data/failed").empty()) << confirmed.dump();
}

TEST_F(subscription, alias_of_a_forbidden_channel_is_still_forbidden) {
    auto client = connect(token("c1", "customer", "s1"));
    auto confirmed = subscribe(*client, {"cafe:s1:staff", "counter:st1:orders"});
    EXPECT_TRUE(confirmed.strings("/data/channels").empty()) << confirmed.dump();
    EXPECT_EQ(confirmed.items("/data/failed").size(), 2u) << confirmed.dump();
    for (const auto& f : confirmed.items("/data/failed"))
        EXPECT_EQ(f.str("/reason"), "insufficient_permissions") << f.dump();
}

TEST_F(subscription, event_published_on_canonical_name_reaches_alias_subscriber) {
    auto client = connect(token("c1", "customer", "s1"));
    subscribe(*client, {"cafe:s1:general"});
    publish("site:s1:general", "counter_status_changed", R"({"counterId":"st1"})");
    auto event = client->receive_type("counter_status_changed", k_frame_timeout);
    ASSERT_TRUE(event);
    EXPECT_EQ(event->str("/channel"), "site:s1:general");
}

TEST_F(subscription, event_published_on_alias_reaches_canonical_subscriber) {
    auto client = connect(token("c1", "customer", "s1"));
    subscribe(*client, {"site:s1:general"});
    auto res = publish("cafe:s1:general", "counter_status_changed", R"({"counterId":"st1"})");
    EXPECT_EQ(res.str("/channel"), "site:s1:general") << res.dump();
    auto event = client->receive_type("counter_status_changed", k_frame_timeout);
    ASSERT_TRUE(event);
    EXPECT_EQ(event->str("/channel"), "site:s1:general");
}

TEST_F(subscription, subscribed_connection_receives_event_with_envelope_fields) {
    auto client = connect(token("c1", "customer", "s1"));
    auto confirmed = subscribe(*client, {"site:s1:general"});
    auto res = publish("site:s1:general", "menu_changed", R"({"item":"latte","price":3.5})");
    auto event = client->receive_type("menu_changed", k_frame_timeout);
    ASSERT_TRUE(event);
    EXPECT_EQ(event->str("/channel"), "site:s1:general");
    EXPECT_EQ(event->str("/data/item"), "latte");
    EXPECT_EQ(event->number("/data/price"), 3.5);
    EXPECT_EQ(event->i64("/seq"), res.i64("/seq")) << event->dump() << " vs " << res.dump();
    EXPECT_EQ(event->str("/epoch"), res.str("/epoch"));
    EXPECT_EQ(event->str("/messageId"), res.str("/messageId"));
    ASSERT_TRUE(event->str("/timestamp"));
    EXPECT_TRUE(is_iso8601_utc_ms(*event->str("/timestamp")));
}

TEST_F(subscription, subscription_confirmed_reports_current_positions) {
    publish("site:s1:general", "menu_changed", "{}");
    auto second = publish("site:s1:general", "menu_changed", "{}");
    auto client = connect(token("c1", "customer", "s1"));
    auto confirmed = subscribe(*client, {"site:s1:general"});
    EXPECT_EQ(confirmed.i64("/data/positions/site:s1:general/seq"), second.i64("/seq")) << confirmed.dump();
    EXPECT_EQ(confirmed.str("/data/positions/site:s1:general/epoch"), second.str("/epoch"))
        << confirmed.dump();
    EXPECT_FALSE(confirmed.has("/data/recovered")) << "recovered is only for resumes: " << confirmed.dump();
}

TEST_F(subscription, unsubscribe_stops_delivery_and_is_confirmed) {
    auto client = connect(token("c1", "customer", "s1"));
    subscribe(*client, {"site:s1:general", "system:status"});
    ASSERT_TRUE(client->send(R"({"type":"unsubscribe","data":{"channels":["site:s1:general"]}})"));
    auto confirmed = client->receive_type("subscription_confirmed", k_frame_timeout);
    ASSERT_TRUE(confirmed);
    EXPECT_EQ(confirmed->str("/data/action"), "unsubscribe") << confirmed->dump();
    EXPECT_EQ(confirmed->strings("/data/channels"), std::vector<std::string>{"site:s1:general"})
        << confirmed->dump();

    publish("site:s1:general", "after_unsubscribe", "{}");
    publish("system:status", "still_subscribed", "{}");
    std::vector<json_value> before;
    ASSERT_TRUE(client->receive_type("still_subscribed", k_frame_timeout, &before));
    ASSERT_TRUE(client->send(R"({"type":"ping"})"));
    ASSERT_TRUE(client->receive_type("pong", k_frame_timeout, &before));
    for (const auto& f : before)
        EXPECT_NE(f.str("/type"), "after_unsubscribe") << "delivered after unsubscribe";
}

TEST_F(subscription, unsubscribe_from_a_channel_not_subscribed_fails_with_not_subscribed) {
    auto client = connect(token("c1", "customer", "s1"));
    ASSERT_TRUE(client->send(R"({"type":"unsubscribe","data":{"channels":["site:s1:general"]}})"));
    auto confirmed = client->receive_type("subscription_confirmed", k_frame_timeout);
    ASSERT_TRUE(confirmed);
    EXPECT_EQ(failure_reason(*confirmed, "site:s1:general"), "not_subscribed") << confirmed->dump();
}

TEST_F(subscription, every_subscriber_of_a_channel_receives_each_event_once) {
    auto a = connect(token("c1", "customer", "s1"));
    auto b = connect(token("c2", "customer", "s1"));
    subscribe(*a, {"site:s1:general"});
    subscribe(*b, {"site:s1:general"});
    subscribe(*a, {"site:s1:general"});  // a second subscribe must not double delivery
    publish("site:s1:general", "announcement", R"({"n":1})");
    publish("site:s1:general", "done", "{}");
    for (auto* c : {a.get(), b.get()}) {
        std::vector<json_value> before;
        ASSERT_TRUE(c->receive_type("done", k_frame_timeout, &before));
        auto n = std::count_if(before.begin(), before.end(),
                               [](const json_value& f) { return f.str("/type") == "announcement"; });
        EXPECT_EQ(n, 1) << describe(before);
    }
}

}  // namespace
}  // namespace ordercast::test

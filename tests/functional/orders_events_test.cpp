// Order events over /v1: published after the commit to exactly the order's channels, seen
// only by those the permission matrix and the store's ownership answer allow; staff move
// orders with order_status_update and get message_acknowledged or message_error.
#include "functional/orders_fixture.hpp"

namespace ordercast::test {
namespace {

class orders_events : public orders_test {
protected:
    void SetUp() override { start_server(); }

    static bool granted(const json_value& confirmed, const std::string& channel) {
        auto list = confirmed.strings("/data/channels");
        return std::find(list.begin(), list.end(), channel) != list.end();
    }
    // Every frame that arrives within the quiet period.
    static std::vector<json_value> drain(ws_client& c) {
        std::vector<json_value> frames;
        while (auto f = c.receive(k_quiet_period)) frames.push_back(*f);
        return frames;
    }
    static std::vector<std::string> types(const std::vector<json_value>& frames) {
        std::vector<std::string> out;
        for (const auto& f : frames)
            out.push_back(f.str("/type").value_or("?") + "@" + f.str("/channel").value_or(""));
        return out;
    }
};

TEST_F(orders_events, order_events_reach_exactly_the_allowed_channels_and_users) {
    auto owner = connect(alice());
    auto other_customer = connect(bob());
    auto counter = connect(staff());
    auto elsewhere = connect(other_site_staff());
    ASSERT_TRUE(granted(subscribe(*owner, {"orders:customer:alice"}), "orders:customer:alice"));
    ASSERT_TRUE(granted(subscribe(*other_customer, {"orders:customer:bob"}), "orders:customer:bob"));
    auto staff_confirmed = subscribe(*counter, {"site:s1:orders", "station:k1:orders", "orders:employee:e1"});
    ASSERT_EQ(staff_confirmed.strings("/data/channels").size(), 3u) << staff_confirmed.dump();
    ASSERT_TRUE(granted(subscribe(*elsewhere, {"site:s2:orders"}), "site:s2:orders"));

    auto id = create_order_id(staff(), R"({"customerId":"alice","stationId":"k1","assigneeId":"e1",
                                          "items":[{"name":"tea","quantity":1}],"totalAmount":3})");
    auto mine = receive_until(*owner, [](const std::vector<json_value>& fs) { return !fs.empty(); });
    ASSERT_EQ(types(mine), (std::vector<std::string>{"order_created@orders:customer:alice"}));
    EXPECT_EQ(mine[0].str("/data/orderId"), id);
    EXPECT_EQ(mine[0].str("/data/status"), "pending");
    EXPECT_EQ(mine[0].number("/data/totalAmount"), 3);
    EXPECT_EQ(mine[0].str("/data/items/0/name"), "tea");
    EXPECT_TRUE(mine[0].str("/messageId"));
    auto at_counter =
        types(receive_until(*counter, [](const std::vector<json_value>& fs) { return fs.size() >= 3; }));
    std::sort(at_counter.begin(), at_counter.end());
    EXPECT_EQ(at_counter,
              (std::vector<std::string>{"order_created@orders:employee:e1", "order_created@site:s1:orders",
                                        "order_created@station:k1:orders"}));
    EXPECT_TRUE(drain(*other_customer).empty()) << "another customer heard of alice's order";
    EXPECT_TRUE(drain(*elsewhere).empty()) << "another site heard of this site's order";

    owner->close();
    other_customer->close();
    counter->close();
    elsewhere->close();
}

TEST_F(orders_events, only_the_owner_and_staff_of_the_site_may_subscribe_to_an_order) {
    auto id = create_order_id(alice(), "{}");
    auto channel = "order:" + id;
    for (const auto& [who, bearer, allowed] : std::vector<std::tuple<std::string, std::string, bool>>{
             {"owner", alice(), true},
             {"another customer", bob(), false},
             {"staff of the site", staff(), true},
             {"manager of the site", manager(), true},
             {"staff of another site", other_site_staff(), false},
             {"admin", admin(), true}}) {
        auto c = connect(bearer);
        auto confirmed = subscribe(*c, {channel});
        EXPECT_EQ(granted(confirmed, channel), allowed) << who << ": " << confirmed.dump();
        c->close();
    }
    auto c = connect(alice());
    auto missing = subscribe(*c, {"order:no-such-order"});
    EXPECT_FALSE(granted(missing, "order:no-such-order")) << missing.dump();
    EXPECT_EQ(missing.str("/data/failed/0/reason"), "insufficient_permissions")
        << "must not reveal existence";
    c->close();
}

TEST_F(orders_events, status_change_is_critical_and_carries_previous_and_current_status) {
    auto id = create_order_id(alice(), "{}");
    auto owner = connect(alice());
    subscribe(*owner, {"order:" + id});
    patch_order(id, R"({"status":"confirmed","message":"Your order is being prepared","estimatedTime":10})");
    auto ev = owner->receive_type("order_status_changed", k_frame_timeout);
    ASSERT_TRUE(ev);
    EXPECT_EQ(ev->str("/channel"), "order:" + id);
    EXPECT_EQ(ev->str("/data/orderId"), id);
    EXPECT_EQ(ev->str("/data/previousStatus"), "pending");
    EXPECT_EQ(ev->str("/data/currentStatus"), "confirmed");
    EXPECT_EQ(ev->str("/data/updatedBy"), "e1");
    EXPECT_EQ(ev->str("/data/message"), "Your order is being prepared");
    EXPECT_EQ(ev->i64("/data/estimatedTime"), 10);
    EXPECT_EQ(ev->boolean("/requiresAck"), true) << ev->dump();
    owner->close();
}

TEST_F(orders_events, each_change_publishes_its_event_type) {
    auto id = create_order_id(staff(), R"({"customerId":"alice","stationId":"k1"})");
    auto c = connect(admin());
    subscribe(*c, {"order:" + id, "station:k1:orders", "station:k2:orders", "orders:employee:e7"});
    patch_order(id, R"({"priority":"high","reason":"customer_waiting"})");
    patch_order(id, R"({"stationId":"k2","assigneeId":"e7"})");
    patch_order(id, R"({"progress":60,"stage":"brewing"})");
    ASSERT_EQ(call("POST", "/api/v1/orders/" + id + "/notes", staff(), R"({"text":"oat milk"})").status,
              201u);
    for (const char* s : {"confirmed", "in_progress", "ready", "completed"})
        patch_order(id, std::string(R"({"status":")") + s + "\"}");
    std::vector<std::string> on_order;
    // Up to the last change's events on the two channels checked below, then what follows.
    std::vector<json_value> frames = receive_until(*c, [&](const std::vector<json_value>& fs) {
        auto on = [&](const std::string& channel) {
            return std::any_of(fs.begin(), fs.end(), [&](const json_value& f) {
                return f.str("/type") == "order_completed" && f.str("/channel") == channel;
            });
        };
        return on("order:" + id) && on("station:k2:orders");
    });
    for (const auto& f : frames)
        if (f.str("/channel") == "order:" + id) on_order.push_back(f.str("/type").value_or("?"));
    EXPECT_EQ(on_order, (std::vector<std::string>{
                            "order_priority_changed", "order_assigned", "order_progress", "order_note_added",
                            "order_status_changed", "order_status_changed", "order_status_changed",
                            "order_ready", "order_status_changed", "order_completed"}))
        << describe(frames);
    auto find = [&](const std::string& type, const std::string& channel) -> json_value {
        for (const auto& f : frames)
            if (f.str("/type") == type && f.str("/channel") == channel) return f;
        return {};
    };
    auto moved_away = find("order_assigned", "station:k1:orders");
    ASSERT_TRUE(moved_away.exists()) << "the previous station must hear the order left: " << describe(frames);
    EXPECT_EQ(moved_away.str("/data/previousStationId"), "k1");
    EXPECT_EQ(moved_away.str("/data/stationId"), "k2");
    EXPECT_TRUE(find("order_assigned", "orders:employee:e7").exists());
    auto priority = find("order_priority_changed", "order:" + id);
    EXPECT_EQ(priority.str("/data/previousPriority"), "normal");
    EXPECT_EQ(priority.str("/data/currentPriority"), "high");
    EXPECT_EQ(priority.str("/data/reason"), "customer_waiting");
    auto progress = find("order_progress", "order:" + id);
    EXPECT_EQ(progress.str("/data/stage"), "brewing");
    EXPECT_EQ(progress.i64("/data/progress"), 60);
    EXPECT_EQ(find("order_note_added", "order:" + id).str("/data/note"), "oat milk");
    EXPECT_TRUE(find("order_completed", "station:k2:orders").exists());
    c->close();
}

TEST_F(orders_events, refused_change_publishes_nothing) {
    auto id = create_order_id(staff(), R"({"customerId":"alice"})");
    auto owner = connect(alice());
    subscribe(*owner, {"order:" + id, "orders:customer:alice"});
    expect_error(call("PATCH", "/api/v1/orders/" + id, staff(), R"({"status":"completed"})"), 409,
                 "INVALID_ORDER_STATUS");
    expect_error(
        call("PATCH", "/api/v1/orders/" + id, staff(), R"({"priority":"high"})", {{"If-Match", "\"7\""}}),
        409, "VERSION_CONFLICT");
    EXPECT_TRUE(drain(*owner).empty());
    owner->close();
}

TEST_F(orders_events, staff_order_status_update_is_acknowledged_and_published) {
    auto id = create_order_id(alice(), "{}");
    auto owner = connect(alice());
    subscribe(*owner, {"order:" + id});
    auto counter = connect(staff());
    ASSERT_TRUE(counter->send(R"({"type":"order_status_update","messageId":"msg_1","data":{"orderId":")" +
                              id + R"(","status":"confirmed"}})"));
    auto ack = counter->receive_type("message_acknowledged", k_frame_timeout);
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->str("/data/messageId"), "msg_1");
    auto ev = owner->receive_type("order_status_changed", k_frame_timeout);
    ASSERT_TRUE(ev);
    EXPECT_EQ(ev->str("/data/currentStatus"), "confirmed");
    EXPECT_EQ(call("GET", "/api/v1/orders/" + id, alice()).json().str("/status"), "confirmed");

    ASSERT_TRUE(counter->send(R"({"type":"order_status_update","messageId":"msg_2","data":{"orderId":")" +
                              id + R"(","status":"completed"}})"));
    auto refused = counter->receive_type("message_error", k_frame_timeout);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->str("/data/messageId"), "msg_2");
    EXPECT_EQ(refused->str("/data/error/code"), "INVALID_ORDER_STATUS");
    EXPECT_EQ(refused->str("/data/error/message"), "Cannot transition from 'confirmed' to 'completed'");

    ASSERT_TRUE(counter->send(
        R"({"type":"order_status_update","messageId":"msg_3","data":{"orderId":"nope","status":"ready"}})"));
    auto missing = counter->receive_type("message_error", k_frame_timeout);
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->str("/data/error/code"), "NOT_FOUND");
    owner->close();
    counter->close();
}

TEST_F(orders_events, customers_and_other_sites_cannot_move_orders_over_websocket) {
    auto id = create_order_id(alice(), "{}");
    for (const auto& bearer : {alice(), other_site_staff()}) {
        auto c = connect(bearer);
        ASSERT_TRUE(c->send(R"({"type":"order_status_update","messageId":"m","data":{"orderId":")" + id +
                            R"(","status":"cancelled"}})"));
        auto err = c->receive_type("message_error", k_frame_timeout);
        ASSERT_TRUE(err);
        auto code = err->str("/data/error/code").value_or("");
        EXPECT_TRUE(code == "INSUFFICIENT_PERMISSIONS" || code == "NOT_FOUND") << err->dump();
        c->close();
    }
    EXPECT_EQ(call("GET", "/api/v1/orders/" + id, alice()).json().str("/status"), "pending");
}

}  // namespace
}  // namespace ordercast::test

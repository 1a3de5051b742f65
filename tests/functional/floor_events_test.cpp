// The floor's changes as events: in /v1 under the restaurant ordering protocol's names
// (counter_status_changed, employee_status_changed, break_started) on station:{id}:status,
// site:{site}:general and site:{site}:staff; in the rooms dialect as the manufacturing
// system's machine:* and operator:* events in the branch room; users' first and last
// connections as user:connected / user:disconnected; and operators who see only the orders
// assigned to them when the server is configured so.
#include "functional/ops_fixture.hpp"

namespace ordercast::test {
namespace {

class floor_events : public ops_test {
protected:
    std::string op1() const { return token("op1", "operator", "s1", {"k1"}); }

    void put_station(const std::string& id, const std::string& body) {
        auto res = call("PUT", "/api/v1/stations/" + id, manager(), body);
        if (res.status != 201 && res.status != 200)
            throw std::runtime_error("put station answered " + std::to_string(res.status) + " " + res.body);
    }
    void patch(const std::string& target, const std::string& bearer, const std::string& body) {
        auto res = call("PATCH", target, bearer, body);
        if (res.status != 200)
            throw std::runtime_error("PATCH " + target + " answered " + std::to_string(res.status) + " " +
                                     res.body);
    }
    // A rooms-dialect connection (branch, user and role rooms joined on connect).
    std::unique_ptr<ws_client> connect_rooms(const std::string& bearer) {
        auto c = connect_raw(ws_opts("/rooms?token=" + bearer));
        if (!c->upgraded())
            throw std::runtime_error("rooms upgrade refused: " + std::to_string(c->http_status()));
        // getRooms answers once the connect rooms are joined.
        c->send(R"({"action":"getRooms"})");
        for (int i = 0; i < 10; ++i) {
            auto f = c->receive(k_frame_timeout);
            if (!f) break;
            if (f->str("/action") == "getRooms") return c;
        }
        throw std::runtime_error("no getRooms answer");
    }
    static json_value next_action(ws_client& c, std::string_view type) { return next_of(c, type); }
};

TEST_F(floor_events, station_and_staff_changes_arrive_in_v1_with_the_restaurant_protocols_names) {
    start_server();
    put_station("k1", R"({"kind":"counter","name":"Espresso Bar","status":"open"})");
    auto order = create_order_id(staff(), R"({"stationId":"k1"})");
    auto screen = connect(manager());
    auto confirmed = subscribe(*screen, {"station:k1:status", "site:s1:staff", "site:s1:general"});
    ASSERT_TRUE(confirmed.items("/data/failed").empty()) << confirmed.dump();

    patch("/api/v1/stations/k1", manager(),
          R"({"status":"maintenance","reason":"Equipment cleaning","estimatedDowntime":20})");
    auto changed = next_of(*screen, "counter_status_changed");
    EXPECT_EQ(changed.str("/data/stationId"), "k1");
    EXPECT_EQ(changed.str("/data/name"), "Espresso Bar");
    EXPECT_EQ(changed.str("/data/previousStatus"), "open");
    EXPECT_EQ(changed.str("/data/currentStatus"), "maintenance");
    EXPECT_EQ(changed.str("/data/reason"), "Equipment cleaning");
    EXPECT_EQ(changed.i64("/data/estimatedDowntime"), 20);
    EXPECT_EQ(changed.strings("/data/affectedOrders"), std::vector<std::string>{order});
    EXPECT_EQ(changed.str("/data/updatedBy"), "m1");
    auto channel = changed.str("/channel").value_or("");
    EXPECT_TRUE(channel == "station:k1:status" || channel == "site:s1:general") << channel;
    EXPECT_EQ(next_of(*screen, "station_maintenance_started").str("/data/reason"), "Equipment cleaning");

    patch("/api/v1/staff/op1/status", op1(),
          R"({"status":"available","name":"Jane Smith","stationId":"k1"})");
    auto in = next_of(*screen, "employee_status_changed");
    EXPECT_EQ(in.str("/channel"), "site:s1:staff");
    EXPECT_EQ(in.str("/data/employeeId"), "op1");
    EXPECT_EQ(in.str("/data/name"), "Jane Smith");
    EXPECT_EQ(in.str("/data/status"), "available");
    EXPECT_EQ(in.str("/data/shiftChange"), "clocked_in");
    EXPECT_EQ(in.str("/data/location"), "Espresso Bar");
    EXPECT_TRUE(in.str("/data/shift/startTime")) << in.dump();

    patch("/api/v1/staff/op1/status", op1(),
          R"({"status":"on_break","breakType":"lunch","breakMinutes":30,"coveringEmployees":["e1"]})");
    auto brk = next_of(*screen, "break_started");
    EXPECT_EQ(brk.str("/channel"), "site:s1:staff");
    EXPECT_EQ(brk.str("/data/employeeId"), "op1");
    EXPECT_EQ(brk.str("/data/breakType"), "lunch");
    EXPECT_EQ(brk.i64("/data/duration"), 30);
    EXPECT_EQ(brk.strings("/data/coveringEmployees"), std::vector<std::string>{"e1"});
    EXPECT_TRUE(brk.str("/data/returnTime")) << brk.dump();
    screen->close();
}

TEST_F(floor_events,
       station_and_operator_changes_arrive_in_the_rooms_dialect_as_machine_and_operator_events) {
    start_server();
    put_station("m7", R"({"kind":"machine","name":"Cutter 7","status":"open"})");
    auto floor_screen = connect_rooms(manager());

    patch("/api/v1/stations/m7", manager(), R"({"status":"error","reason":"blade jam"})");
    auto status = next_of(*floor_screen, "machine:status_changed");
    EXPECT_EQ(status.str("/data/machineId"), "m7");
    EXPECT_EQ(status.str("/data/oldStatus"), "open");
    EXPECT_EQ(status.str("/data/newStatus"), "error");
    EXPECT_TRUE(status.str("/timestamp"));
    auto error = next_of(*floor_screen, "machine:error");
    EXPECT_EQ(error.str("/data/machineId"), "m7");
    EXPECT_EQ(error.str("/data/error"), "blade jam");
    EXPECT_TRUE(error.str("/data/timestamp"));

    patch("/api/v1/stations/m7", manager(), R"({"status":"maintenance","estimatedDowntime":15})");
    EXPECT_EQ(next_of(*floor_screen, "machine:maintenance_started").i64("/data/estimatedDowntime"), 15);
    patch("/api/v1/stations/m7", manager(), R"({"status":"open","operatorId":"op1"})");
    EXPECT_TRUE(next_of(*floor_screen, "machine:maintenance_completed").number("/data/duration"));
    auto in = next_of(*floor_screen, "operator:logged_in");
    EXPECT_EQ(in.str("/data/operatorId"), "op1");
    EXPECT_EQ(in.str("/data/machineId"), "m7");
    patch("/api/v1/stations/m7", manager(), R"({"operatorId":null})");
    auto out = next_of(*floor_screen, "operator:logged_out");
    EXPECT_EQ(out.str("/data/operatorId"), "op1");
    EXPECT_TRUE(out.number("/data/duration"));

    // Staff events go to site:{site}:staff, a room the client joins by name.
    ASSERT_TRUE(floor_screen->send(R"({"action":"subscribe","data":{"room":"site:s1:staff"}})"));
    auto joined = floor_screen->receive(k_frame_timeout);
    ASSERT_TRUE(joined && joined->boolean("/success") == true) << (joined ? joined->dump() : "nothing");
    patch("/api/v1/staff/op1/status", op1(), R"({"status":"available","stationId":"m7"})");
    auto clocked = next_of(*floor_screen, "operator:clocked_in");
    EXPECT_EQ(clocked.str("/data/operatorId"), "op1");
    EXPECT_EQ(clocked.str("/data/machineId"), "m7");
    patch("/api/v1/staff/op1/status", op1(), R"({"status":"busy"})");
    auto busy = next_of(*floor_screen, "operator:status_changed");
    EXPECT_EQ(busy.str("/data/oldStatus"), "available");
    EXPECT_EQ(busy.str("/data/newStatus"), "busy");
    patch("/api/v1/staff/op1/status", op1(), R"({"status":"off_shift"})");
    EXPECT_TRUE(next_of(*floor_screen, "operator:clocked_out").number("/data/duration"));
    floor_screen->close();
}

TEST_F(floor_events, a_users_first_connection_and_last_disconnection_are_told_to_their_branch_room) {
    start_server({{"ORDERCAST_FLOOR_PRESENCE_EVENTS", "true"}});
    auto floor_screen = connect_rooms(manager());
    auto first = connect(op1());
    auto arrived = next_of(*floor_screen, "user:connected");
    EXPECT_EQ(arrived.str("/data/userId"), "op1");
    EXPECT_EQ(arrived.str("/data/role"), "operator");
    auto second = connect_rooms(op1());
    first->close();
    std::vector<json_value> skipped;
    EXPECT_FALSE(floor_screen->receive_type("user:disconnected", k_quiet_period, &skipped))
        << "op1 still has a connection open";
    for (const auto& f : skipped) EXPECT_NE(f.str("/type"), "user:connected") << f.dump();
    second->close();
    auto left = next_of(*floor_screen, "user:disconnected");
    EXPECT_EQ(left.str("/data/userId"), "op1");
    EXPECT_EQ(left.str("/data/role"), "operator");
    EXPECT_TRUE(left.number("/data/duration"));
    floor_screen->close();
}

TEST_F(floor_events, without_the_setting_no_presence_events_are_published) {
    start_server();
    auto screen = connect(manager());
    subscribe(*screen, {"site:s1:general"});
    auto c = connect(op1());
    c->close();
    EXPECT_FALSE(screen->receive_type("user_connected", k_quiet_period));
    screen->close();
}

TEST_F(floor_events, operators_see_only_their_assigned_orders_when_configured) {
    start_server({{"ORDERCAST_ORDERS_OPERATORS_SEE_ASSIGNED_ONLY", "true"}});
    auto mine = create_order_id(staff(), R"({"assigneeId":"op1"})");
    auto other = create_order_id(staff(), R"({"assigneeId":"op2"})");
    auto listed = call("GET", "/api/v1/orders", op1()).json();
    ASSERT_EQ(listed.items("/orders").size(), 1u) << listed.dump();
    EXPECT_EQ(listed.str("/orders/0/id"), mine);
    EXPECT_EQ(call("GET", "/api/v1/orders/" + mine, op1()).status, 200u);
    expect_error(call("GET", "/api/v1/orders/" + other, op1()), 404, "NOT_FOUND");
    expect_error(call("GET", "/api/v1/orders?assignee=op2", op1()), 403, "INSUFFICIENT_PERMISSIONS");
    EXPECT_EQ(call("GET", "/api/v1/orders", staff()).json().items("/orders").size(), 2u);
    auto c = connect(op1());
    auto confirmed = subscribe(*c, {"order:" + mine, "order:" + other});
    EXPECT_TRUE(granted(confirmed, "order:" + mine)) << confirmed.dump();
    EXPECT_FALSE(granted(confirmed, "order:" + other)) << confirmed.dump();
    c->close();
}

TEST_F(floor_events, by_default_operators_see_every_order_of_their_site) {
    start_server();
    create_order_id(staff(), R"({"assigneeId":"op1"})");
    auto other = create_order_id(staff(), R"({"assigneeId":"op2"})");
    EXPECT_EQ(call("GET", "/api/v1/orders", op1()).json().items("/orders").size(), 2u);
    EXPECT_EQ(call("GET", "/api/v1/orders/" + other, op1()).status, 200u);
}

}  // namespace
}  // namespace ordercast::test

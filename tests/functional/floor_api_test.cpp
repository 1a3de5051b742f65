// The floor over REST: stations created under their own id, read with their open-order
// figures, changed by managers of their site; staff setting their own status (breaks, clocking
// in and out) and managers setting anyone's of the site. Every refusal is a 4xx with a code and
// leaves the store as it was.
#include "functional/ops_fixture.hpp"

namespace ordercast::test {
namespace {

class floor_api : public ops_test {
protected:
    void SetUp() override { start_server(); }

    std::string op1() const { return token("op1", "operator", "s1", {"k1"}); }
    std::string other_manager() const { return token("m2", "manager", "s2"); }

    // PUT /api/v1/stations/{id} as the manager of s1; throws unless 201.
    json_value create_station(
        const std::string& id,
        const std::string& body = R"({"kind":"counter","name":"Espresso Bar","status":"open"})") {
        auto res = call("PUT", "/api/v1/stations/" + id, manager(), body);
        if (res.status != 201)
            throw std::runtime_error("create station answered " + std::to_string(res.status) + " " +
                                     res.body);
        return res.json();
    }
};

TEST_F(floor_api, a_station_is_created_under_its_own_id_and_read_back_with_its_open_orders) {
    auto created = create_station("k1");
    EXPECT_EQ(created.str("/id"), "k1");
    EXPECT_EQ(created.str("/siteId"), "s1");
    EXPECT_EQ(created.str("/status"), "open");
    EXPECT_EQ(created.i64("/queueLength"), 0);
    EXPECT_TRUE(created.at("/averageTime").is_null());

    create_order(staff(), R"({"stationId":"k1","items":[{"name":"Cappuccino","quantity":1}]})");
    create_order(staff(), R"({"stationId":"k1"})");
    create_order(staff(), R"({"stationId":"k9"})");
    auto read = call("GET", "/api/v1/stations/k1", staff());
    ASSERT_EQ(read.status, 200u) << read.body;
    EXPECT_EQ(read.json().i64("/queueLength"), 2) << read.body;
    EXPECT_TRUE(read.json().number("/averageTime")) << read.body;

    // PUT again renames it (200), and a station never moves site.
    auto renamed = call("PUT", "/api/v1/stations/k1", manager(), R"({"kind":"counter","name":"Bar 1"})");
    ASSERT_EQ(renamed.status, 200u) << renamed.body;
    EXPECT_EQ(renamed.json().str("/name"), "Bar 1");
    EXPECT_EQ(renamed.json().str("/status"), "open");
    EXPECT_EQ(renamed.json().i64("/version"), 2);
    expect_error(
        call("PUT", "/api/v1/stations/k1", admin(), R"({"siteId":"s2","kind":"counter","name":"x"})"), 422,
        "INVALID_VALUE");

    auto listed = call("GET", "/api/v1/stations", staff()).json();
    ASSERT_EQ(listed.items("/stations").size(), 1u) << listed.dump();
    EXPECT_EQ(listed.str("/stations/0/name"), "Bar 1");
    EXPECT_TRUE(call("GET", "/api/v1/stations", other_site_staff()).json().items("/stations").empty());
    EXPECT_EQ(call("GET", "/api/v1/stations?site=s1", admin()).json().items("/stations").size(), 1u);
}

TEST_F(floor_api, a_manager_changes_status_operator_and_downtime_and_a_noop_changes_nothing) {
    create_station("m7", R"({"kind":"machine","name":"Cutter 7"})");
    auto patched =
        call("PATCH", "/api/v1/stations/m7", manager(),
             R"({"status":"maintenance","reason":"blade change","estimatedDowntime":20,"operatorId":"op1"})");
    ASSERT_EQ(patched.status, 200u) << patched.body;
    auto s = patched.json();
    EXPECT_EQ(s.str("/status"), "maintenance");
    EXPECT_EQ(s.str("/reason"), "blade change");
    EXPECT_EQ(s.i64("/estimatedDowntime"), 20);
    EXPECT_EQ(s.str("/operatorId"), "op1");
    EXPECT_TRUE(s.str("/operatorSince"));
    EXPECT_EQ(s.str("/updatedBy"), "m1");
    EXPECT_EQ(s.i64("/version"), 2);

    // A new status drops the old one's reason and downtime; null clears the operator.
    auto open =
        call("PATCH", "/api/v1/stations/m7", admin(), R"({"status":"open","operatorId":null})").json();
    EXPECT_EQ(open.str("/status"), "open");
    EXPECT_TRUE(open.at("/reason").is_null()) << open.dump();
    EXPECT_TRUE(open.at("/estimatedDowntime").is_null()) << open.dump();
    EXPECT_TRUE(open.at("/operatorId").is_null()) << open.dump();
    EXPECT_EQ(open.i64("/version"), 3);
    auto same = call("PATCH", "/api/v1/stations/m7", manager(), R"({"status":"open"})").json();
    EXPECT_EQ(same.i64("/version"), 3) << "a patch that changes nothing wrote a version";
}

TEST_F(floor_api, bad_station_input_and_forbidden_roles_are_refused_and_store_nothing) {
    create_station("k1");
    const std::string url = "/api/v1/stations/k1";
    expect_error(call("PATCH", url, manager(), R"({"status":"sleeping"})"), 422, "INVALID_VALUE");
    expect_error(call("PATCH", url, manager(), R"({"status":3})"), 400, "INVALID_MESSAGE");
    expect_error(call("PATCH", url, manager(), R"({"estimatedDowntime":"soon"})"), 400, "INVALID_MESSAGE");
    expect_error(call("PATCH", url, manager(), R"({"status":"closed","colour":"red"})"), 400,
                 "INVALID_MESSAGE");
    expect_error(call("PATCH", url, manager(), R"({})"), 400, "INVALID_MESSAGE");
    expect_error(call("PATCH", url, manager(), "not json"), 400, "INVALID_MESSAGE");
    expect_error(call("PATCH", "/api/v1/stations/nope", manager(), R"({"status":"closed"})"), 404,
                 "NOT_FOUND");
    expect_error(call("PATCH", url, other_manager(), R"({"status":"closed"})"), 404, "NOT_FOUND");
    expect_error(call("PATCH", url, staff(), R"({"status":"closed"})"), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("PATCH", url, op1(), R"({"status":"closed"})"), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("PATCH", url, alice(), R"({"status":"closed"})"), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("GET", url, alice()), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("GET", "/api/v1/stations", alice()), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("GET", url, other_site_staff()), 404, "NOT_FOUND");
    expect_error(call("PUT", "/api/v1/stations/k2", staff(), R"({"kind":"counter","name":"x"})"), 403,
                 "INSUFFICIENT_PERMISSIONS");
    expect_error(call("PUT", "/api/v1/stations/k2", manager(), R"({"kind":"oven","name":"x"})"), 422,
                 "INVALID_VALUE");
    expect_error(call("PUT", "/api/v1/stations/k2", manager(), R"({"kind":"counter"})"), 400,
                 "INVALID_MESSAGE");
    expect_error(
        call("PUT", "/api/v1/stations/k2", other_manager(), R"({"siteId":"s1","kind":"counter","name":"x"})"),
        403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("GET", "/api/v1/stations?status=asleep", manager()), 422, "INVALID_VALUE");
    expect_error(call("GET", "/api/v1/stations?colour=red", manager()), 400, "BAD_REQUEST");

    auto unchanged = call("GET", url, manager()).json();
    EXPECT_EQ(unchanged.str("/status"), "open") << unchanged.dump();
    EXPECT_EQ(unchanged.i64("/version"), 1) << unchanged.dump();
    expect_error(call("GET", "/api/v1/stations/k2", admin()), 404, "NOT_FOUND");
}

TEST_F(floor_api, staff_set_their_own_status_and_managers_set_anyones_of_their_site) {
    create_station("k1");
    expect_error(call("GET", "/api/v1/staff/op1", manager()), 404, "NOT_FOUND");
    auto in = call("PATCH", "/api/v1/staff/op1/status", op1(),
                   R"({"status":"available","name":"Jane Smith","stationId":"k1","shiftMinutes":480})");
    ASSERT_EQ(in.status, 200u) << in.body;
    EXPECT_EQ(in.json().str("/status"), "available");
    EXPECT_EQ(in.json().str("/siteId"), "s1");
    EXPECT_EQ(in.json().str("/role"), "operator");
    EXPECT_EQ(in.json().str("/stationId"), "k1");
    EXPECT_TRUE(in.json().str("/clockedInAt"));
    EXPECT_TRUE(in.json().str("/shift/endTime")) << in.body;

    auto on_break =
        call("PATCH", "/api/v1/staff/op1/status", op1(),
             R"({"status":"on_break","breakType":"lunch","breakMinutes":30,"coveringEmployees":["e1"]})");
    ASSERT_EQ(on_break.status, 200u) << on_break.body;
    EXPECT_EQ(on_break.json().str("/break/breakType"), "lunch");
    EXPECT_TRUE(on_break.json().str("/break/returnTime")) << on_break.body;

    auto back = call("PATCH", "/api/v1/staff/op1/status", manager(), R"({"status":"busy"})");
    ASSERT_EQ(back.status, 200u) << back.body;
    EXPECT_TRUE(back.json().at("/break").is_null());
    EXPECT_EQ(back.json().str("/updatedBy"), "m1");
    EXPECT_EQ(call("GET", "/api/v1/staff/op1", staff()).json().str("/status"), "busy");
    EXPECT_EQ(call("GET", "/api/v1/staff/op1", op1()).json().str("/status"), "busy");
}

TEST_F(floor_api, bad_staff_input_and_forbidden_roles_are_refused_and_store_nothing) {
    ASSERT_EQ(call("PATCH", "/api/v1/staff/op1/status", op1(), R"({"status":"available"})").status, 200u);
    const std::string url = "/api/v1/staff/op1/status";
    expect_error(call("PATCH", url, op1(), R"({"status":"dancing"})"), 422, "INVALID_VALUE");
    expect_error(call("PATCH", url, op1(), R"({"status":true})"), 400, "INVALID_MESSAGE");
    expect_error(call("PATCH", url, op1(), R"({"name":"x"})"), 400, "INVALID_MESSAGE");
    expect_error(call("PATCH", url, op1(), R"({"status":"busy","mood":"good"})"), 400, "INVALID_MESSAGE");
    expect_error(call("PATCH", url, op1(), R"({"status":"busy","breakMinutes":10})"), 422, "INVALID_VALUE");
    expect_error(call("PATCH", url, op1(), R"({"status":"on_break","breakMinutes":"ten"})"), 400,
                 "INVALID_MESSAGE");
    expect_error(call("PATCH", url, op1(), R"({"status":"busy","stationId":"nowhere"})"), 404, "NOT_FOUND");
    expect_error(call("PATCH", url, staff(), R"({"status":"busy"})"), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("PATCH", url, other_manager(), R"({"status":"busy"})"), 404, "NOT_FOUND");
    expect_error(call("PATCH", url, alice(), R"({"status":"busy"})"), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("PATCH", "/api/v1/staff/ghost/status", manager(), R"({"status":"busy"})"), 404,
                 "NOT_FOUND");
    expect_error(call("GET", "/api/v1/staff/op1", alice()), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("GET", "/api/v1/staff/op1", other_site_staff()), 404, "NOT_FOUND");

    auto unchanged = call("GET", "/api/v1/staff/op1", manager()).json();
    EXPECT_EQ(unchanged.str("/status"), "available") << unchanged.dump();
    EXPECT_EQ(unchanged.i64("/version"), 1) << unchanged.dump();
    expect_error(call("GET", "/api/v1/staff/ghost", admin()), 404, "NOT_FOUND");
}

}  // namespace
}  // namespace ordercast::test

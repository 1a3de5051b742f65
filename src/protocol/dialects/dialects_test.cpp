// Each seed dialect's parse and render, frame by frame, without a server: the shapes the
// seeds' clients read, and what each dialect leaves alone.
#include <gtest/gtest.h>

#include <simdjson.h>

#include "protocol/dialect_registry.hpp"

namespace ordercast::protocol {
namespace {

hub::event event(std::string type, std::string data, std::string channel = "site:s1:orders") {
    hub::event ev;
    ev.channel = std::move(channel);
    ev.type = std::move(type);
    ev.data = std::move(data);
    ev.timestamp_ms = 1700000000000;
    return ev;
}

// The dialect's frame of `ev`, or "(none)".
std::string render(const dialect& d, const hub::event& ev) {
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element data = parser.parse(ev.data);
    std::string out;
    return d.render_event(out, ev, data) ? out : "(none)";
}

// Collects what a dialect answers.
struct recorded_replies final : reply_sink {
    std::vector<std::string> texts;
    void send(std::string_view text) override { texts.emplace_back(text); }
};

class dialects : public ::testing::Test {
protected:
    core::config cfg;
    dialect_registry registry{cfg};
    const dialect& factory = registry.get(dialect_id::factory);
    const dialect& rooms = registry.get(dialect_id::rooms);
    const dialect& progress = registry.get(dialect_id::progress);
    const dialect& shop = registry.get(dialect_id::shop);
};

constexpr const char* k_status_changed =
    R"({"orderId":"o1","orderNumber":"ORDER-001","version":2,"order":{"status":"cutting","stage":"nesting","progress":65,)"
    R"("siteId":"s1","customerId":"42","totalAmount":450.0,"currency":"INR","updatedAt":"2026-01-31T10:30:00.000Z"},)"
    R"("previousStatus":"confirmed","currentStatus":"cutting","updatedBy":"m1","updatedAt":"2026-01-31T10:30:00.000Z"})";

TEST_F(dialects, an_order_change_in_each_dialects_shape) {
    auto ev = event("order_status_changed", k_status_changed);
    EXPECT_EQ(
        render(factory, ev),
        R"({"type":"order_update","order_id":"ORDER-001","status":"cutting","stage":"nesting","progress":65,)"
        R"("timestamp":"2026-01-31T10:30:00.000Z"})");
    EXPECT_EQ(
        render(shop, ev),
        R"({"type":"order_update","order_id":"ORDER-001","shop_id":"s1","status":"cutting","total_amount":450.0,)"
        R"("updated_at":"2026-01-31T10:30:00.000Z"})");
    EXPECT_EQ(
        render(rooms, ev),
        R"({"type":"order:status_changed","data":{"orderId":"o1","orderNumber":"ORDER-001","oldStatus":"confirmed",)"
        R"("newStatus":"cutting","timestamp":"2026-01-31T10:30:00.000Z"},"timestamp":"2023-11-14T22:13:20.000Z"})");
    EXPECT_EQ(render(progress, ev), "(none)");
}

TEST_F(dialects, what_a_dialect_does_not_carry_renders_nothing) {
    EXPECT_EQ(render(factory, event("order_note_added", R"({"orderId":"o1","note":"x"})")), "(none)");
    EXPECT_EQ(render(shop, event("order_created", R"({"orderId":"o1"})")), "(none)");
    EXPECT_EQ(render(shop, event("complete", R"({"kind":"schedule","result":{}})")), "(none)")
        << "only chitty operations are the shop's";
    EXPECT_EQ(render(rooms, event("queue_update", R"({"pending":1})")), "(none)");
    EXPECT_EQ(render(progress, event("cancel_requested", R"({"status":"running"})", "operation:p1")),
              "(none)");
}

TEST_F(dialects, rooms_pass_through_the_backends_own_event_types) {
    EXPECT_EQ(
        render(rooms, event("machine:error", R"({"machineId":"m7","error":"jam"})")),
        R"({"type":"machine:error","data":{"machineId":"m7","error":"jam"},"timestamp":"2023-11-14T22:13:20.000Z"})");
}

TEST_F(dialects, chitty_processed_reads_the_result_in_either_case) {
    EXPECT_EQ(
        render(shop, event("complete", R"({"kind":"chitty","message":"completed","result":{"orderId":"o9",)"
                                       R"("itemsFound":4,"totalLines":6}})")),
        R"({"type":"chitty_processed","order_id":"o9","items_found":4,"total_lines":6,"message":"completed"})");
}

TEST_F(dialects, progress_renders_a_state_by_its_status_and_closes_after_the_last) {
    auto state = event(
        "operation_state",
        R"({"status":"failed","step":"planning","progress":50,"message":"Validation failed",)"
        R"("timestamp":"2026-01-31T10:30:00.000Z","error":{"code":"VALIDATION_ERROR","details":"bad"},"final":true})",
        "operation:p1");
    EXPECT_EQ(
        render(progress, state),
        R"({"type":"error","step":"planning","progress":50,"message":"Validation failed",)"
        R"("timestamp":"2026-01-31T10:30:00.000Z","error":{"code":"VALIDATION_ERROR","details":"bad"}})");
    auto close = progress.close_after(state);
    ASSERT_TRUE(close);
    EXPECT_EQ(close->code, 1000);
    EXPECT_FALSE(progress.close_after(event("operation_state", R"({"status":"running"})", "operation:p1")));
    EXPECT_FALSE(progress.close_after(event("progress", R"({"status":"running"})", "operation:p1")));
}

TEST_F(dialects, progress_closes_1008_without_a_frame_when_the_operation_changes_hands_or_goes) {
    for (const char* type : {"operation_owner_changed", "operation_deleted"}) {
        auto ev = event(type, R"({"operationId":"p1","owner":"bob"})", "operation:p1");
        EXPECT_EQ(render(progress, ev), "(none)") << type;
        auto close = progress.close_after(ev);
        ASSERT_TRUE(close) << type;
        EXPECT_EQ(close->code, 1008);
        EXPECT_EQ(close->reason, "Unauthorized");
        EXPECT_FALSE(shop.close_after(ev)) << type;
    }
}

TEST_F(dialects, progress_turns_cancel_into_the_canonical_command_and_a_refusal_into_cancel_refused) {
    request r = progress.parse(R"({"type":"cancel"})", "p1");
    EXPECT_EQ(r.what, request::op::command);
    EXPECT_EQ(r.cmd.kind, command_kind::cancel_operation);
    EXPECT_EQ(r.cmd.field("operationId"), "p1");
    EXPECT_EQ(progress.parse(R"({"type":"pong","timestamp":"x"})", "p1").what, request::op::ignore);
    recorded_replies refused;
    progress.render_result(refused, r,
                           {false, core::error_code::operation_finished, "the operation has ended"});
    EXPECT_EQ(refused.texts,
              std::vector<std::string>{R"({"type":"cancel_refused","error":{"code":"OPERATION_FINISHED",)"
                                       R"("details":"the operation has ended"}})"});
    recorded_replies accepted;
    progress.render_result(accepted, r, {true, core::error_code::internal_error, {}});
    EXPECT_TRUE(accepted.texts.empty()) << "an accepted cancel is not answered";
}

TEST_F(dialects, every_seed_dialect_closes_1003_on_a_frame_that_is_not_a_json_object) {
    for (const dialect* d : {&factory, &rooms, &progress, &shop}) {
        for (std::string_view frame : {"{nope", "[1,2]", "\"text\""}) {
            request r = d->parse(frame, "x");
            EXPECT_EQ(r.what, request::op::close) << d->name() << " " << frame;
            EXPECT_EQ(r.close.code, 1003) << d->name();
        }
    }
}

TEST_F(dialects, factory_names_orders_by_number_or_id_and_refuses_bad_actions_with_a_sentence) {
    request r = factory.parse(R"({"action":"subscribe","order_id":123})", {});
    EXPECT_EQ(r.what, request::op::join_order);
    EXPECT_EQ(r.target, "123");
    request bad = factory.parse(R"({"action":"subscribe"})", {});
    EXPECT_EQ(bad.what, request::op::reply);
    EXPECT_NE(bad.text.find(R"("code":"INVALID_MESSAGE")"), std::string::npos) << bad.text;
    request alert = factory.parse(R"({"action":"ack_alert","alert_id":"ALT-001"})", {});
    EXPECT_EQ(alert.what, request::op::command);
    EXPECT_EQ(alert.cmd.kind, command_kind::ack_alert);
    EXPECT_EQ(alert.cmd.field("alertId"), "ALT-001");
}

TEST_F(dialects, an_unknown_anonymous_role_stops_start_up) {
    core::config bad;
    bad.dialect_factory.anonymous_role = "visitor";
    EXPECT_THROW(dialect_registry{bad}, core::config_error);
}

// The floor's events in the restaurant clients' shapes, once for every subscriber: a station is
// a counter and an open one "active"; an employee's clocking in is their status; the floor's
// events those clients have no message for are not sent at all.
TEST_F(dialects, restaurant_renders_the_floor_as_its_clients_read_it) {
    const dialect& restaurant = registry.get(dialect_id::restaurant);
    const std::string counter = render(
        restaurant,
        event(
            "counter_status_changed",
            R"({"stationId":"k1","kind":"counter","name":"Espresso Bar","siteId":"c1","previousStatus":"open",)"
            R"("currentStatus":"maintenance","reason":"cleaning","estimatedDowntime":20,"affectedOrders":["o1"],)"
            R"("operatorId":null,"updatedBy":"m1","updatedAt":"2026-01-31T10:30:00.000Z"})",
            "site:c1:general"));
    EXPECT_NE(
        counter.find(
            R"({"type":"counter_status_changed","data":{"counterId":"k1","name":"Espresso Bar",)"
            R"("previousStatus":"active","currentStatus":"maintenance","reason":"cleaning",)"
            R"("estimatedDowntime":20,"affectedOrders":["o1"],"updatedBy":"m1"},"channel":"cafe:c1:general",)"),
        std::string::npos)
        << counter;
    EXPECT_NE(counter.find(R"("version":"1.0"})"), std::string::npos) << counter;

    const std::string clocked_in = render(
        restaurant,
        event(
            "employee_status_changed",
            R"({"employeeId":"e1","name":"Jane","siteId":"c1","role":"employee","previousStatus":"off_shift",)"
            R"("status":"available","shiftChange":"clocked_in","stationId":"k1","location":"Espresso Bar",)"
            R"("shift":null,"updatedBy":"e1","updatedAt":"2026-01-31T10:30:00.000Z"})",
            "site:c1:staff"));
    EXPECT_NE(clocked_in.find(R"("data":{"employeeId":"e1","name":"Jane","status":"clocked_in",)"
                              R"("location":"Espresso Bar","shift":null})"),
              std::string::npos)
        << clocked_in;
    const std::string busy =
        render(restaurant, event("employee_status_changed",
                                 R"({"employeeId":"e1","status":"busy","shiftChange":null,"shift":null})",
                                 "site:c1:staff"));
    EXPECT_NE(busy.find(R"("status":"busy")"), std::string::npos) << busy;

    for (const char* withheld :
         {"station_error", "station_maintenance_started", "station_maintenance_completed",
          "operator_logged_in", "operator_logged_out", "break_ended", "user_connected", "user_disconnected"})
        EXPECT_EQ(render(restaurant, event(withheld, R"({"stationId":"k1"})", "site:c1:general")), "(none)")
            << withheld;
    EXPECT_NE(render(restaurant, event("menu_changed", R"({"itemId":"latte"})", "site:c1:general")), "(none)")
        << "a backend's own events still pass through";
}

// Every frame of the restaurant dialect ends its envelope with the version, answers included.
TEST_F(dialects, restaurant_frames_all_carry_the_version) {
    const dialect& restaurant = registry.get(dialect_id::restaurant);
    recorded_replies out;
    request ping;
    restaurant.render_pong(out, ping, 0);
    const request bad = restaurant.parse(R"({"type":"dance"})", "");
    ASSERT_EQ(out.texts.size(), 1U);
    for (const std::string& frame : {out.texts[0], bad.text}) {
        ASSERT_GE(frame.size(), 16U) << frame;
        EXPECT_EQ(frame.substr(frame.size() - 16), R"("version":"1.0"})") << frame;
    }
    const dialect& v1 = registry.get(dialect_id::v1);
    EXPECT_EQ(v1.parse(R"({"type":"dance"})", "").text.find("version"), std::string::npos)
        << "the canonical /v1 has no envelope version";
}

}  // namespace
}  // namespace ordercast::protocol

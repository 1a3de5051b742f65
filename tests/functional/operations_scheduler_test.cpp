// The scheduler's REST over the real server: operations created under the caller's own id (PUT,
// or `id` in the POST), progress sent as step counts, the scheduler's poll GET /schedule/{id},
// and the progress connections of an operation closed 1008 when it is handed to another owner
// or deleted. Each with the bad input it refuses, leaving nothing stored.
#include "functional/ops_fixture.hpp"

namespace ordercast::test {
namespace {

class operations_scheduler : public ops_test {
protected:
    void SetUp() override { start_server(); }

    static constexpr std::string_view k_body =
        R"({"kind":"schedule","owner":"alice","site":"s1","steps":["loading","validating","planning","saving"]})";

    http_response put(const std::string& id, std::string_view body = k_body, const std::string& bearer = {}) {
        return call("PUT", "/api/v1/operations/" + id, bearer.empty() ? worker() : bearer, body);
    }
    http_response report(const std::string& id, std::string_view body) {
        return call("POST", "/api/v1/operations/" + id + "/progress", worker(), body);
    }
    unsigned stored_status(const std::string& id) {
        return call("GET", "/api/v1/operations/" + id, admin()).status;
    }
    // A progress-dialect connection of alice to the operation, past its first state.
    std::unique_ptr<ws_client> watch(const std::string& id, const std::string& bearer) {
        auto c = connect_raw(ws_opts("/ws/schedule/" + id + "?token=" + bearer));
        if (!c->upgraded()) throw std::runtime_error("the progress upgrade was refused");
        auto first = c->receive(k_frame_timeout);
        if (!first || first->str("/type") != "progress")
            throw std::runtime_error("no first state on the progress connection");
        return c;
    }
};

TEST_F(operations_scheduler, put_creates_under_the_callers_id_and_the_same_put_again_is_a_replay) {
    auto made = put("123");
    ASSERT_EQ(made.status, 202u) << made.body;
    EXPECT_EQ(made.json().str("/id"), "123");
    EXPECT_EQ(made.json().str("/channel"), "operation:123");
    EXPECT_EQ(made.header("Location"), "/api/v1/operations/123");

    ASSERT_EQ(report("123", R"({"step":"loading","progress":10})").status, 200u);
    auto again = put("123");
    ASSERT_EQ(again.status, 202u) << again.body;
    EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(again.json().i64("/progress"), 10) << "the replay answers the operation as it is now";

    // Another body, or another caller, under the same id: a conflict, nothing changed.
    expect_error(put("123", R"({"kind":"comparison","owner":"alice","site":"s1"})"), 409, "ALREADY_EXISTS");
    expect_error(put("123", k_body, token("worker-2", "service")), 409, "ALREADY_EXISTS");
    auto stored = call("GET", "/api/v1/operations/123", admin()).json();
    EXPECT_EQ(stored.str("/kind"), "schedule");
    EXPECT_EQ(stored.str("/createdBy"), "worker-1");
}

TEST_F(operations_scheduler, an_id_in_the_post_is_kept_and_a_second_post_with_it_is_a_conflict) {
    auto made = call("POST", "/api/v1/operations", worker(),
                     R"({"id":123,"kind":"schedule","owner":"alice","site":"s1"})");
    ASSERT_EQ(made.status, 202u) << made.body;
    EXPECT_EQ(made.json().str("/id"), "123") << "schedule_id 123 stays 123";
    auto named = call("POST", "/api/v1/operations", worker(),
                      R"({"id":"sched-7","kind":"schedule","owner":"alice","site":"s1"})");
    ASSERT_EQ(named.status, 202u) << named.body;
    EXPECT_EQ(named.json().str("/id"), "sched-7");

    expect_error(call("POST", "/api/v1/operations", worker(),
                      R"({"id":"123","kind":"schedule","owner":"alice","site":"s1"})"),
                 409, "ALREADY_EXISTS");
    // An Idempotency-Key retry is still a replay of the first answer.
    const header_list key = {{"Idempotency-Key", "create-9"}};
    auto first = call("POST", "/api/v1/operations", worker(), R"({"id":9,"kind":"schedule"})", key);
    ASSERT_EQ(first.status, 202u) << first.body;
    auto retry = call("POST", "/api/v1/operations", worker(), R"({"id":9,"kind":"schedule"})", key);
    EXPECT_EQ(retry.status, 202u) << retry.body;
    EXPECT_EQ(retry.header("Idempotent-Replayed"), "true");
}

TEST_F(operations_scheduler, bad_ids_are_refused_and_nothing_is_stored) {
    expect_error(call("POST", "/api/v1/operations", worker(), R"({"id":-1,"kind":"schedule"})"), 400,
                 "INVALID_MESSAGE");
    expect_error(call("POST", "/api/v1/operations", worker(), R"({"id":1.5,"kind":"schedule"})"), 400,
                 "INVALID_MESSAGE");
    expect_error(call("POST", "/api/v1/operations", worker(), R"({"id":"a b","kind":"schedule"})"), 422,
                 "INVALID_VALUE");
    expect_error(call("POST", "/api/v1/operations", worker(), R"({"id":{"x":1},"kind":"schedule"})"), 400,
                 "INVALID_MESSAGE");
    expect_error(put("a:b"), 422, "INVALID_VALUE");
    expect_error(put("77", R"({"id":"78","kind":"schedule"})"), 422, "INVALID_VALUE");
    expect_error(put("77", R"({"kind":"schedule","colour":"red"})"), 400, "INVALID_MESSAGE");
    expect_error(put("77", R"({"owner":"alice"})"), 400, "INVALID_MESSAGE");
    // A customer may not start one for someone else, under any id.
    expect_error(put("77", k_body, bob()), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("PUT", "/api/v1/operations/77", "", k_body), 401, "AUTHENTICATION_FAILED");
    EXPECT_EQ(stored_status("77"), 404u);
    EXPECT_EQ(stored_status("78"), 404u);
}

TEST_F(operations_scheduler, progress_sent_as_step_counts_is_derived_and_checked) {
    ASSERT_EQ(put("200").status, 202u);
    auto two_of_five = report("200", R"({"step":"validating","currentStep":2,"totalSteps":5})");
    ASSERT_EQ(two_of_five.status, 200u) << two_of_five.body;
    EXPECT_EQ(two_of_five.json().i64("/progress"), 40);
    // totalSteps defaults to the steps announced at creation (four here).
    auto three = report("200", R"({"currentStep":3})");
    ASSERT_EQ(three.status, 200u) << three.body;
    EXPECT_EQ(three.json().i64("/progress"), 75);
    // Both forms together when they agree: 2 of 3 is 66.7 %, so 66 and 67 both are.
    ASSERT_EQ(put("201").status, 202u);
    auto both = report("201", R"({"progress":67,"currentStep":2,"totalSteps":3})");
    ASSERT_EQ(both.status, 200u) << both.body;
    EXPECT_EQ(both.json().i64("/progress"), 67);

    // Inconsistent or incomplete: refused, the operation unchanged.
    auto disagree = report("200", R"({"progress":90,"currentStep":3,"totalSteps":4})");
    expect_error(disagree, 422, "INVALID_VALUE");
    EXPECT_EQ(disagree.json().i64("/error/details/derivedProgress"), 75);
    expect_error(report("200", R"({"currentStep":5,"totalSteps":4})"), 422, "INVALID_VALUE");
    expect_error(report("200", R"({"currentStep":1,"totalSteps":0})"), 422, "INVALID_VALUE");
    expect_error(report("200", R"({"currentStep":-1,"totalSteps":4})"), 422, "INVALID_VALUE");
    expect_error(report("200", R"({"currentStep":"2","totalSteps":4})"), 400, "INVALID_MESSAGE");
    expect_error(report("200", R"({"currentStep":1.5,"totalSteps":4})"), 400, "INVALID_MESSAGE");
    expect_error(report("200", R"({"totalSteps":4})"), 400, "INVALID_MESSAGE");
    expect_error(report("200", R"({"currentStep":1,"totalSteps":4})"), 422, "INVALID_VALUE");  // backwards
    ASSERT_EQ(call("POST", "/api/v1/operations", worker(), R"({"id":"202","kind":"schedule"})").status, 202u);
    expect_error(report("202", R"({"currentStep":1})"), 422, "INVALID_VALUE");  // no steps announced
    auto now = call("GET", "/api/v1/operations/200", admin()).json();
    EXPECT_EQ(now.i64("/progress"), 75);
    EXPECT_EQ(now.str("/step"), "validating");
}

TEST_F(operations_scheduler, the_schedule_poll_answers_in_the_schedulers_names) {
    ASSERT_EQ(put("123").status, 202u);
    ASSERT_EQ(
        report("123", R"({"step":"planning","progress":50,"message":"Planning optimal schedule..."})").status,
        200u);
    auto poll = call("GET", "/schedule/123", alice());
    ASSERT_EQ(poll.status, 200u) << poll.body;
    auto p = poll.json();
    EXPECT_TRUE(p.at("/schedule_id").is_number()) << poll.body;
    EXPECT_EQ(p.i64("/schedule_id"), 123);
    EXPECT_EQ(p.str("/status"), "running");
    EXPECT_EQ(p.str("/step"), "planning");
    EXPECT_EQ(p.i64("/progress"), 50);
    EXPECT_EQ(p.str("/message"), "Planning optimal schedule...");
    EXPECT_TRUE(p.at("/result").is_null());
    EXPECT_TRUE(p.at("/error").is_null());
    EXPECT_TRUE(is_iso8601_utc_ms(p.str("/updated_at").value_or("")));

    ASSERT_EQ(
        call(
            "POST", "/api/v1/operations/123/complete", worker(),
            R"({"result":{"schedule_id":123,"makespan":145.5},"message":"Schedule completed successfully!"})")
            .status,
        200u);
    auto done = call("GET", "/schedule/123", alice()).json();
    EXPECT_EQ(done.str("/status"), "completed");
    EXPECT_EQ(done.i64("/progress"), 100);
    EXPECT_EQ(done.number("/result/makespan"), 145.5);
    EXPECT_TRUE(is_iso8601_utc_ms(done.str("/finished_at").value_or("")));

    // An id that is not a decimal integer stays a string; another user's is not found.
    auto named = call("POST", "/api/v1/operations", worker(),
                      R"({"id":"night-run","kind":"schedule","owner":"alice","site":"s1"})");
    ASSERT_EQ(named.status, 202u);
    EXPECT_EQ(call("GET", "/schedule/night-run", alice()).json().str("/schedule_id"), "night-run");
    expect_error(call("GET", "/schedule/123", bob()), 404, "NOT_FOUND");
    expect_error(call("GET", "/schedule/999", alice()), 404, "NOT_FOUND");
    expect_error(call("GET", "/schedule/123", ""), 401, "AUTHENTICATION_FAILED");
}

TEST_F(operations_scheduler, an_owner_change_closes_the_progress_connections_1008_unauthorized) {
    ASSERT_EQ(put("300").status, 202u);
    auto tab1 = watch("300", alice());
    auto tab2 = watch("300", alice());
    auto moved = call("PATCH", "/api/v1/operations/300", admin(), R"({"owner":"bob"})");
    ASSERT_EQ(moved.status, 200u) << moved.body;
    EXPECT_EQ(moved.json().str("/owner"), "bob");
    for (auto* tab : {tab1.get(), tab2.get()}) {
        std::vector<json_value> frames;
        auto closed = tab->wait_closed(k_frame_timeout, &frames);
        EXPECT_TRUE(closed.closed);
        EXPECT_EQ(closed.code, 1008);
        EXPECT_EQ(closed.reason, "Unauthorized");
        EXPECT_TRUE(frames.empty()) << describe(frames);
    }
    // The old owner is refused now, the new one admitted.
    auto old_owner = connect_raw(ws_opts("/ws/schedule/300?token=" + alice()));
    auto refused = old_owner->wait_closed(k_frame_timeout);
    EXPECT_EQ(refused.code, 1008);
    EXPECT_EQ(refused.reason, "Unauthorized");
    auto new_owner = watch("300", bob());
    // The same owner again changes nothing and closes nothing.
    ASSERT_EQ(call("PATCH", "/api/v1/operations/300", admin(), R"({"owner":"bob"})").status, 200u);
    EXPECT_FALSE(new_owner->receive(k_quiet_period).has_value());
    EXPECT_FALSE(new_owner->close_status().closed);
    new_owner->close();
}

TEST_F(operations_scheduler, a_deleted_operation_closes_its_progress_connections_and_is_gone) {
    ASSERT_EQ(put("301").status, 202u);
    auto tab = watch("301", alice());
    auto staff_screen = connect(staff());
    ASSERT_TRUE(granted(subscribe(*staff_screen, {"operation:301"}), "operation:301"));
    next_of(*staff_screen, "operation_state");

    auto gone = call("DELETE", "/api/v1/operations/301", service_token());
    ASSERT_EQ(gone.status, 204u) << gone.body;
    auto closed = tab->wait_closed(k_frame_timeout);
    EXPECT_EQ(closed.code, 1008);
    EXPECT_EQ(closed.reason, "Unauthorized");
    // A /v1 subscriber is told, and stays connected.
    auto told = next_of(*staff_screen, "operation_deleted");
    EXPECT_EQ(told.str("/data/operationId"), "301");
    EXPECT_EQ(told.str("/data/deletedBy"), "backend-1");
    EXPECT_EQ(stored_status("301"), 404u);
    expect_error(call("GET", "/schedule/301", alice()), 404, "NOT_FOUND");
    expect_error(call("DELETE", "/api/v1/operations/301", admin()), 404, "NOT_FOUND");
    staff_screen->close();
}

TEST_F(operations_scheduler, only_admins_and_services_reassign_or_delete_and_bad_bodies_change_nothing) {
    ASSERT_EQ(put("302").status, 202u);
    auto tab = watch("302", alice());
    expect_error(call("DELETE", "/api/v1/operations/302", alice()), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("DELETE", "/api/v1/operations/302", manager()), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("PATCH", "/api/v1/operations/302", staff(), R"({"owner":"bob"})"), 403,
                 "INSUFFICIENT_PERMISSIONS");
    expect_error(call("PATCH", "/api/v1/operations/302", admin(), R"({})"), 400, "INVALID_MESSAGE");
    expect_error(call("PATCH", "/api/v1/operations/302", admin(), R"({"owner":7})"), 400, "INVALID_MESSAGE");
    expect_error(call("PATCH", "/api/v1/operations/302", admin(), R"({"owner":"a b"})"), 422,
                 "INVALID_VALUE");
    expect_error(call("PATCH", "/api/v1/operations/302", admin(), R"({"status":"done"})"), 400,
                 "INVALID_MESSAGE");
    expect_error(call("PATCH", "/api/v1/operations/nope", admin(), R"({"owner":"bob"})"), 404, "NOT_FOUND");
    auto stored = call("GET", "/api/v1/operations/302", admin()).json();
    EXPECT_EQ(stored.str("/owner"), "alice");
    EXPECT_FALSE(tab->receive(k_quiet_period).has_value());
    EXPECT_FALSE(tab->close_status().closed) << "refused calls close nothing";
    tab->close();
}

}  // namespace
}  // namespace ordercast::test

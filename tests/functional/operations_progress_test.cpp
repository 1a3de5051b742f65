// Long-running operations over the real server: a worker drives an operation over REST and
// subscribers of operation:{id} see its state first, then every change in order; late and
// reconnecting clients (even after a restart) get the current state at once; progress never
// goes backwards; failures, timeouts and cancellation reach both sides.
#include "functional/ops_fixture.hpp"
#include "support/temp_dir.hpp"

namespace ordercast::test {
namespace {

class operations_progress : public ops_test {
protected:
    void SetUp() override { start_server(); }

    // The (type, step, progress) of each operation event in `frames`.
    static std::vector<std::string> trail(const std::vector<json_value>& frames) {
        std::vector<std::string> out;
        for (const auto& f : frames)
            out.push_back(f.str("/type").value_or("?") + ":" + f.str("/data/step").value_or("-") + ":" +
                          std::to_string(f.i64("/data/progress").value_or(-1)));
        return out;
    }
};

TEST_F(operations_progress, two_subscribers_see_the_same_ordered_progress_then_completion_and_nothing_after) {
    auto created = start_operation();
    auto id = created.str("/id").value_or("");
    EXPECT_EQ(created.str("/status"), "pending");
    EXPECT_EQ(created.str("/channel"), "operation:" + id);
    EXPECT_EQ(created.str("/websocketUrl"), "/v1");
    const std::string channel = "operation:" + id;

    auto owner = connect(alice());
    auto staff_screen = connect(staff());
    for (auto* c : {owner.get(), staff_screen.get()}) {
        ASSERT_TRUE(granted(subscribe(*c, {channel}), channel));
        auto state = next_of(*c, "operation_state");
        EXPECT_EQ(state.str("/channel"), channel);
        EXPECT_EQ(state.str("/data/status"), "pending");
        EXPECT_EQ(state.i64("/data/progress"), 0);
    }

    const std::vector<std::pair<std::string, int>> steps = {
        {"loading", 10}, {"validating", 30}, {"planning", 50}, {"saving", 90}};
    for (const auto& [step, percent] : steps) {
        auto answer = progress_ok(id, step, percent);
        EXPECT_EQ(answer.boolean("/cancelRequested"), false);
    }
    auto done = call(
        "POST", "/api/v1/operations/" + id + "/complete", worker(),
        R"({"result":{"makespan":145.5,"kpis":{"utilization_percent":87.0}},"message":"Schedule completed successfully!"})");
    ASSERT_EQ(done.status, 200u) << done.body;

    const std::vector<std::string> expected = {"progress:loading:10", "progress:validating:30",
                                               "progress:planning:50", "progress:saving:90",
                                               "complete:complete:100"};
    std::vector<std::vector<json_value>> seen;
    for (auto* c : {owner.get(), staff_screen.get()}) {
        // Up to the completion (and, for the owner, its personal copy), then what follows.
        auto frames = receive_until(*c, [&](const std::vector<json_value>& fs) {
            auto on = [&](const std::string& type, const std::string& ch) {
                return std::any_of(fs.begin(), fs.end(), [&](const json_value& f) {
                    return f.str("/type") == type && f.str("/channel") == ch;
                });
            };
            const bool personal = std::any_of(
                fs.begin(), fs.end(), [](const json_value& f) { return f.str("/channel") == "user:alice"; });
            return on("complete", channel) && (c != owner.get() || personal);
        });
        // The owner also hears how it ended on its own user:{owner} channel, once.
        const auto personal =
            std::erase_if(frames, [](const json_value& f) { return f.str("/channel") == "user:alice"; });
        EXPECT_EQ(personal, c == owner.get() ? 1u : 0u) << describe(frames);
        EXPECT_EQ(trail(frames), expected) << describe(frames);
        seen.push_back(frames);
    }
    ASSERT_EQ(seen[0].size(), expected.size());
    ASSERT_EQ(seen[1].size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        EXPECT_EQ(seen[0][i].str("/messageId"), seen[1][i].str("/messageId")) << "event " << i;
    const auto& complete = seen[0].back();
    EXPECT_EQ(complete.number("/data/result/makespan"), 145.5);
    EXPECT_EQ(complete.boolean("/data/final"), true);
    EXPECT_EQ(complete.str("/data/message"), "Schedule completed successfully!");
    EXPECT_TRUE(complete.str("/data/timestamp"));

    // Closed: the worker can change nothing more and nothing more is published.
    expect_error(progress(id, "saving", 95), 409, "OPERATION_FINISHED");
    EXPECT_TRUE(drain(*owner).empty());
    auto polled = call("GET", "/api/v1/operations/" + id, alice());
    ASSERT_EQ(polled.status, 200u);
    EXPECT_EQ(polled.json().str("/status"), "completed");
    EXPECT_EQ(polled.json().i64("/progress"), 100);
    owner->close();
    staff_screen->close();
}

TEST_F(operations_progress,
       a_subscriber_that_drops_at_half_way_gets_the_current_state_on_reconnect_and_continues) {
    auto id = start_operation().str("/id").value_or("");
    const std::string channel = "operation:" + id;
    auto first = connect(alice());
    subscribe(*first, {channel});
    next_of(*first, "operation_state");
    progress_ok(id, "loading", 10);
    progress_ok(id, "validating", 30);
    progress_ok(id, "planning", 50);
    EXPECT_EQ(next_of(*first, "progress").i64("/data/progress"), 10);
    first->close();  // gone at 50 %

    auto answer = progress(id, "planning", 70, "Planning optimal schedule...");
    ASSERT_EQ(answer.status, 200u) << answer.body;

    auto again = connect(alice());
    ASSERT_TRUE(granted(subscribe(*again, {channel}), channel));
    auto state = next_of(*again, "operation_state");
    EXPECT_EQ(state.i64("/data/progress"), 70);
    EXPECT_EQ(state.str("/data/step"), "planning");
    EXPECT_EQ(state.str("/data/message"), "Planning optimal schedule...");
    EXPECT_EQ(state.str("/data/status"), "running");

    progress_ok(id, "saving", 90);
    auto next = next_of(*again, "progress");
    EXPECT_EQ(next.i64("/data/progress"), 90);
    again->close();
}

TEST_F(operations_progress, the_state_survives_a_restart_and_a_new_subscriber_gets_it_first) {
    temp_dir data("ordercast-operations");
    start_server({}, {}, data.path().string());
    auto id = start_operation().str("/id").value_or("");
    progress_ok(id, "planning", 50);
    finish_server();
    start_server({}, {}, data.path().string());

    auto c = connect(alice());
    subscribe(*c, {"operation:" + id});
    auto state = next_of(*c, "operation_state");
    EXPECT_EQ(state.i64("/data/progress"), 50);
    EXPECT_EQ(state.str("/data/step"), "planning");
    progress_ok(id, "saving", 90);
    EXPECT_EQ(next_of(*c, "progress").i64("/data/progress"), 90);
    c->close();
}

TEST_F(operations_progress, progress_never_goes_backwards_and_messages_over_10_kb_are_refused) {
    auto id = start_operation().str("/id").value_or("");
    progress_ok(id, "planning", 50);
    auto back = progress(id, "validating", 40);
    expect_error(back, 422, "INVALID_VALUE");
    EXPECT_EQ(back.json().i64("/error/details/currentProgress"), 50);
    EXPECT_EQ(progress(id, "planning", 50, "still planning").status, 200u)
        << "equal progress may update the message";

    auto large = progress(id, "planning", 60, std::string(10241, 'x'));
    expect_error(large, 413, "MESSAGE_TOO_LARGE");
    EXPECT_EQ(progress(id, "planning", 60, std::string(10240, 'x')).status, 200u);
    auto polled = call("GET", "/api/v1/operations/" + id, worker()).json();
    EXPECT_EQ(polled.i64("/progress"), 60);
}

TEST_F(operations_progress, a_failure_reaches_subscribers_with_its_code_and_details) {
    auto id = start_operation().str("/id").value_or("");
    auto c = connect(alice());
    subscribe(*c, {"operation:" + id});
    next_of(*c, "operation_state");
    progress_ok(id, "validating", 30);
    auto failed =
        call("POST", "/api/v1/operations/" + id + "/fail", worker(),
             R"({"error":{"code":"VALIDATION_ERROR","details":"Lot 'LOT-001' has invalid fill_hours: -5"},
                           "message":"Scheduling failed: Invalid lot configuration"})");
    ASSERT_EQ(failed.status, 200u) << failed.body;
    EXPECT_EQ(failed.json().str("/status"), "failed");
    auto error = next_of(*c, "error");
    EXPECT_EQ(error.str("/data/error/code"), "VALIDATION_ERROR");
    EXPECT_EQ(error.str("/data/error/details"), "Lot 'LOT-001' has invalid fill_hours: -5");
    EXPECT_EQ(error.str("/data/step"), "validating");
    EXPECT_EQ(error.i64("/data/progress"), 30);
    EXPECT_EQ(error.boolean("/data/final"), true);
    expect_error(
        call("POST", "/api/v1/operations/" + id + "/fail", worker(), R"({"error":{"code":"BOGUS"}})"), 422,
        "INVALID_VALUE");
    c->close();
}

TEST_F(operations_progress, cancellation_is_seen_by_the_worker_in_its_next_progress_answer) {
    auto id = start_operation().str("/id").value_or("");
    auto c = connect(alice());
    subscribe(*c, {"operation:" + id});
    next_of(*c, "operation_state");
    EXPECT_EQ(progress_ok(id, "loading", 10).boolean("/cancelRequested"), false);

    ASSERT_TRUE(c->send(R"({"type":"cancel_operation","messageId":"m-cancel","data":{"operationId":")" + id +
                        R"("}})"));
    auto ack = next_of(*c, "message_acknowledged");
    EXPECT_EQ(ack.str("/data/messageId"), "m-cancel");
    auto requested = next_of(*c, "cancel_requested");
    EXPECT_EQ(requested.boolean("/data/cancelRequested"), true);

    EXPECT_EQ(progress_ok(id, "validating", 20).boolean("/cancelRequested"), true);
    auto stopped = call("POST", "/api/v1/operations/" + id + "/fail", worker(),
                        R"({"error":{"code":"CANCELLED","details":"cancelled by the owner"}})");
    ASSERT_EQ(stopped.status, 200u) << stopped.body;
    EXPECT_EQ(stopped.json().str("/status"), "cancelled");
    EXPECT_EQ(next_of(*c, "error").str("/data/error/code"), "CANCELLED");

    // Over REST too, on another operation.
    auto other = start_operation().str("/id").value_or("");
    auto rest = call("POST", "/api/v1/operations/" + other + "/cancel", alice());
    EXPECT_EQ(rest.status, 202u) << rest.body;
    EXPECT_EQ(progress_ok(other, "loading", 5).boolean("/cancelRequested"), true);
    c->close();
}

class operations_timeout : public ops_test {
protected:
    void SetUp() override {
        start_server({{"ORDERCAST_OPERATIONS_PROGRESS_TIMEOUT_S", "1"},
                      {"ORDERCAST_OPERATIONS_SWEEP_INTERVAL_MS", "100"}});
    }
};

TEST_F(operations_timeout, an_operation_without_progress_fails_with_timeout_error) {
    auto id = start_operation().str("/id").value_or("");
    auto c = connect(alice());
    subscribe(*c, {"operation:" + id});
    next_of(*c, "operation_state");
    progress_ok(id, "loading", 10);
    auto error = next_of(*c, "error", std::chrono::seconds(10));
    EXPECT_EQ(error.str("/data/error/code"), "TIMEOUT_ERROR");
    EXPECT_EQ(error.str("/data/status"), "failed");
    expect_error(progress(id, "validating", 30), 409, "OPERATION_FINISHED");
    c->close();
}

class operations_cleanup : public ops_test {
protected:
    void SetUp() override {
        start_server(
            {{"ORDERCAST_OPERATIONS_RETENTION_S", "1"}, {"ORDERCAST_OPERATIONS_SWEEP_INTERVAL_MS", "100"}});
    }
};

TEST_F(operations_cleanup, finished_operations_are_deleted_after_the_retention_time) {
    auto open_id = start_operation().str("/id").value_or("");
    auto done_id = start_operation().str("/id").value_or("");
    ASSERT_EQ(call("POST", "/api/v1/operations/" + done_id + "/complete", worker(), "{}").status, 200u);
    EXPECT_TRUE(
        eventually([&] { return call("GET", "/api/v1/operations/" + done_id, worker()).status == 404; },
                   std::chrono::seconds(10)));
    EXPECT_EQ(call("GET", "/api/v1/operations/" + open_id, worker()).status, 200u)
        << "an open operation is kept";
}

}  // namespace
}  // namespace ordercast::test

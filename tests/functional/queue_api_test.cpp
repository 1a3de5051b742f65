// The job queue over REST against the real binary: ordering by priority, aging and tier,
// every transition and refusal, transient retries with backoff, pause/resume, access.
#include "functional/queue_fixture.hpp"

#include <chrono>
#include <regex>

namespace ordercast::test {
namespace {

class queue_api : public queue_test {};

TEST_F(queue_api, submitted_job_has_a_dated_id_and_is_queued_and_the_bare_seed_paths_answer_too) {
    start_server();
    auto job = submit(
        R"({"priority":"HIGH","garmentType":"jacket","fabricRequiredCm":53.8,"plotFile":"/out/o1.plt"})");
    const auto id = job.str("/id").value_or("");
    EXPECT_TRUE(std::regex_match(id, std::regex(R"(JOB-\d{8}-001)"))) << id;
    EXPECT_EQ(job.str("/status"), "QUEUED");
    EXPECT_EQ(job.i64("/priority"), 2);
    EXPECT_EQ(job.str("/priorityName"), "HIGH");
    EXPECT_EQ(job.str("/siteId"), "s1");
    EXPECT_TRUE(is_iso8601_utc_ms(job.str("/queuedAt").value_or(""))) << job.dump();
    EXPECT_EQ(submit_id("{}").substr(0, id.size() - 3) + "002", id.substr(0, id.size() - 3) + "002");

    auto bare = call("GET", "/queue/jobs/" + id, staff());
    EXPECT_EQ(bare.status, 200u) << bare.body;
    EXPECT_EQ(bare.json().str("/id"), id);
    auto status = call("GET", "/queue/status", staff()).json();
    EXPECT_EQ(status.i64("/pending"), 2) << status.dump();
    EXPECT_EQ(status.i64("/processing"), 0);
    EXPECT_EQ(status.boolean("/paused"), false);
    auto listed = call("GET", "/queue/jobs?status=QUEUED", staff()).json();
    EXPECT_EQ(listed.items("/jobs").size(), 2u) << listed.dump();
}

TEST_F(queue_api, next_takes_urgent_before_high_before_normal_and_fifo_among_equals) {
    start_server();
    const auto low = submit_id(R"({"priority":"LOW"})");
    const auto normal1 = submit_id(R"({"priority":"NORMAL"})");
    const auto urgent = submit_id(R"({"priority":1})");
    const auto normal2 = submit_id(R"({"priority":3})");
    const auto high = submit_id(R"({"priority":"high"})");
    EXPECT_EQ(next_job(), urgent);
    EXPECT_EQ(next_job(), high);
    EXPECT_EQ(next_job(), normal1);
    EXPECT_EQ(next_job(), normal2);
    EXPECT_EQ(next_job(), low);
    EXPECT_EQ(next_job(), "");  // nothing left: {"job":null}
}

// Aging (a job's wait raising its place) and a paused job not aging are the queue service's,
// on a clock the tests advance: src/domain/queue/queue_service_test.cpp.

TEST_F(queue_api, without_waiting_a_fresh_low_job_stays_behind_normal_and_a_vip_tier_moves_up) {
    start_server({{"ORDERCAST_QUEUE_TIER_BONUSES", "vip:1.5"}});
    const auto low = submit_id(R"({"priority":"LOW"})");
    const auto normal = submit_id(R"({"priority":"NORMAL"})");
    const auto vip_normal =
        submit_id(R"({"priority":"NORMAL","customerTier":"vip"})");  // 3 - 1.5 beats HIGH's 2
    const auto high = submit_id(R"({"priority":"HIGH"})");
    EXPECT_EQ(next_job(), vip_normal);
    EXPECT_EQ(next_job(), high);
    EXPECT_EQ(next_job(), normal);
    EXPECT_EQ(next_job(), low);
}

TEST_F(queue_api, every_transition_of_the_lifecycle_and_every_refusal) {
    start_server();
    const auto id = submit_id("{}");
    // QUEUED: complete and fail and retry are refused with the allowed statuses.
    for (const char* action : {"complete", "retry", "resume"}) {
        auto refused = act(id, action);
        expect_error(refused, 409, "INVALID_JOB_STATUS");
        EXPECT_EQ(refused.json().str("/error/details/currentStatus"), "QUEUED") << refused.body;
    }
    expect_error(act(id, "fail", R"({"error":"x"})"), 409, "INVALID_JOB_STATUS");
    // QUEUED -> PAUSED -> QUEUED (one job held), priority override while waiting.
    auto held = act(id, "pause");
    ASSERT_EQ(held.status, 200u) << held.body;
    EXPECT_EQ(held.json().str("/status"), "PAUSED");
    EXPECT_TRUE(is_iso8601_utc_ms(held.json().str("/pausedAt").value_or("")));
    EXPECT_EQ(next_job(), "") << "a held job is not handed out";
    EXPECT_EQ(act(id, "resume").json().str("/status"), "QUEUED");
    auto prio = act(id, "priority", R"({"priority":"URGENT"})");
    EXPECT_EQ(prio.json().i64("/priority"), 1) << prio.body;
    expect_error(act(id, "priority", R"({"priority":7})"), 422, "INVALID_VALUE");
    // QUEUED -> PROCESSING -> FAILED -> QUEUED (retry) -> PROCESSING -> COMPLETED.
    auto started = act(id, "process", R"({"stationId":"c1"})", operator_c1());
    ASSERT_EQ(started.status, 200u) << started.body;
    EXPECT_EQ(started.json().str("/status"), "PROCESSING");
    EXPECT_EQ(started.json().str("/stationId"), "c1");
    EXPECT_EQ(started.json().str("/operatorId"), "op1");
    EXPECT_EQ(started.json().i64("/attempts"), 1);
    expect_error(act(id, "process"), 409, "INVALID_JOB_STATUS");
    expect_error(act(id, "cancel"), 409, "INVALID_JOB_STATUS");
    expect_error(act(id, "priority", R"({"priority":2})"), 409, "INVALID_JOB_STATUS");
    expect_error(act(id, "fail", "{}"), 422, "INVALID_VALUE");  // no error given
    auto failed = act(id, "fail", R"({"error":"blade broken","errorCode":"BLADE"})");
    ASSERT_EQ(failed.status, 200u) << failed.body;
    EXPECT_EQ(failed.json().str("/status"), "FAILED");
    EXPECT_EQ(failed.json().str("/error"), "blade broken");
    EXPECT_EQ(act(id, "retry").json().str("/status"), "QUEUED");
    EXPECT_EQ(next_job(), id);
    auto done = act(id, "complete", R"({"notes":"cut and checked"})");
    ASSERT_EQ(done.status, 200u) << done.body;
    EXPECT_EQ(done.json().str("/status"), "COMPLETED");
    EXPECT_EQ(done.json().i64("/attempts"), 2);
    EXPECT_TRUE(is_iso8601_utc_ms(done.json().str("/completedAt").value_or("")));
    // COMPLETED is final.
    for (const char* action : {"process", "cancel", "retry", "pause", "resume"})
        expect_error(act(id, action), 409, "INVALID_JOB_STATUS");
    // PENDING (held at submission) -> QUEUED; and cancel from QUEUED.
    auto pending = submit(R"({"hold":true})");
    EXPECT_EQ(pending.str("/status"), "PENDING");
    EXPECT_EQ(next_job(), "") << "a PENDING job is not handed out";
    const auto pid = pending.str("/id").value_or("");
    EXPECT_EQ(act(pid, "resume").json().str("/status"), "QUEUED");
    auto cancelled = act(pid, "cancel", R"({"reason":"customer withdrew"})");
    EXPECT_EQ(cancelled.json().str("/status"), "CANCELLED") << cancelled.body;
    expect_error(act(pid, "resume"), 409, "INVALID_JOB_STATUS");
    // Malformed bodies and unknown jobs.
    expect_error(act(pid, "cancel", R"({"bogus":1})"), 400, "INVALID_MESSAGE");
    expect_error(act("JOB-19990101-001", "cancel"), 404, "NOT_FOUND");
    expect_error(call("POST", "/api/v1/queue/jobs", staff(), R"({"priority":"soon"})"), 422, "INVALID_VALUE");
    expect_error(call("POST", "/api/v1/queue/jobs", staff(), R"({"orderId":"nope"})"), 404, "NOT_FOUND");
}

TEST_F(queue_api, transient_failures_come_back_after_a_backoff_until_the_retry_limit) {
    start_server(
        {{"ORDERCAST_QUEUE_RETRY_BACKOFF_MS", "1500"}, {"ORDERCAST_QUEUE_TRANSIENT_RETRY_LIMIT", "2"}});
    const auto id = submit_id("{}");
    ASSERT_EQ(next_job(), id);
    auto first = act(id, "fail", R"({"error":"cutter offline","errorCode":"CUTTER_OFFLINE"})");
    ASSERT_EQ(first.status, 200u) << first.body;
    EXPECT_EQ(first.json().str("/status"), "QUEUED") << "a listed transient code is retried";
    EXPECT_EQ(first.json().i64("/autoRetries"), 1);
    EXPECT_TRUE(first.json().str("/notBefore").has_value());
    EXPECT_EQ(next_job(), "") << "not due before its backoff";
    std::string again;
    ASSERT_TRUE(eventually([&] { return !(again = next_job()).empty(); }, std::chrono::seconds(10),
                           std::chrono::milliseconds(200)));
    EXPECT_EQ(again, id);
    auto second = act(id, "fail", R"({"error":"jam","transient":true})");
    EXPECT_EQ(second.json().str("/status"), "QUEUED") << second.body;
    ASSERT_TRUE(eventually([&] { return !(again = next_job()).empty(); }, std::chrono::seconds(15),
                           std::chrono::milliseconds(200)));
    auto third = act(id, "fail", R"({"error":"jam","transient":true})");
    EXPECT_EQ(third.json().str("/status"), "FAILED")
        << "the limit of 2 automatic retries is used up: " << third.body;
    EXPECT_EQ(third.json().i64("/attempts"), 3);
    auto permanent = submit_id("{}");
    ASSERT_EQ(next_job(), permanent);
    EXPECT_EQ(act(permanent, "fail", R"({"error":"bad file","errorCode":"BAD_PLT"})").json().str("/status"),
              "FAILED");
}

TEST_F(queue_api, pausing_the_queue_or_a_station_stops_hand_outs_until_resumed) {
    start_server();
    const auto any = submit_id("{}");
    const auto for_c2 = submit_id(R"({"stationId":"c2","priority":1})");
    auto paused = call("POST", "/api/v1/queue/pause", manager(), "{}");
    ASSERT_EQ(paused.status, 200u) << paused.body;
    EXPECT_EQ(paused.json().boolean("/paused"), true);
    EXPECT_EQ(queue_status().boolean("/paused"), true);
    auto refused = call("POST", "/api/v1/queue/process-next", operator_c1(), "{}");
    expect_error(refused, 409, "QUEUE_PAUSED");
    expect_error(act(any, "process"), 409, "QUEUE_PAUSED");
    ASSERT_EQ(call("POST", "/queue/resume", manager(), "{}").status, 200u);
    EXPECT_EQ(queue_status().boolean("/paused"), false);

    // Station c2 paused: c2 is refused; c1 (and a station-less claim) skip c2's job.
    auto station = call("POST", "/api/v1/queue/pause", manager(), R"({"stationId":"c2"})");
    EXPECT_EQ(station.json().strings("/pausedStations"), std::vector<std::string>{"c2"}) << station.body;
    expect_error(call("POST", "/api/v1/queue/process-next", operator_c2(), R"({"stationId":"c2"})"), 409,
                 "QUEUE_PAUSED");
    EXPECT_EQ(next_job(R"({"stationId":"c1"})", operator_c1()), any);
    EXPECT_EQ(next_job("{}", operator_c1()), "") << "c2's job waits for c2";
    ASSERT_EQ(call("POST", "/api/v1/queue/resume", manager(), R"({"stationId":"c2"})").status, 200u);
    EXPECT_EQ(next_job(R"({"stationId":"c2"})", operator_c2()), for_c2);
}

TEST_F(queue_api, the_queue_is_for_staff_of_the_site_and_admin_or_service_everywhere) {
    start_server();
    const auto id = submit_id("{}");
    expect_error(call("GET", "/api/v1/queue/status", alice()), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("POST", "/api/v1/queue/jobs", alice(), "{}"), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("GET", "/api/v1/queue/jobs/" + id, other_site_staff()), 404, "NOT_FOUND");
    expect_error(act(id, "cancel", "{}", other_site_staff()), 404, "NOT_FOUND");
    expect_error(call("GET", "/api/v1/queue/jobs?site=s1", other_site_staff()), 403,
                 "INSUFFICIENT_PERMISSIONS");
    EXPECT_EQ(call("GET", "/api/v1/queue/jobs", other_site_staff()).json().items("/jobs").size(), 0u);
    expect_error(call("GET", "/api/v1/queue/status", ""), 401, "AUTHENTICATION_FAILED");
    EXPECT_EQ(call("GET", "/api/v1/queue/jobs/" + id, admin()).status, 200u);
    expect_error(call("POST", "/api/v1/queue/process-next", admin(), "{}"), 422, "INVALID_VALUE");
    EXPECT_EQ(next_job(R"({"siteId":"s1"})", service_token()), id);
    auto admin_job = call("POST", "/api/v1/queue/jobs", admin(), R"({"siteId":"s2"})");
    EXPECT_EQ(admin_job.status, 201u) << admin_job.body;
    EXPECT_EQ(call("GET", "/api/v1/queue/jobs", other_site_staff()).json().items("/jobs").size(), 1u);
}

TEST_F(queue_api, admin_may_leave_the_site_to_the_order_and_a_job_takes_the_orders_fields) {
    start_server();
    const auto order = create_order_id(
        staff(), R"({"priority":"urgent","stationId":"c2","attributes":{"garmentType":"coat"}})");
    auto res = call("POST", "/api/v1/queue/jobs", admin(), R"({"orderId":")" + order + R"("})");
    ASSERT_EQ(res.status, 201u) << res.body;
    auto job = res.json();
    EXPECT_EQ(job.str("/siteId"), "s1");
    EXPECT_EQ(job.str("/orderId"), order);
    EXPECT_EQ(job.i64("/priority"), 1);
    EXPECT_EQ(job.str("/stationId"), "c2");
    EXPECT_EQ(job.str("/garmentType"), "coat");
    EXPECT_EQ(res.header("Location"), "/api/v1/queue/jobs/" + job.str("/id").value_or(""));
    expect_error(call("POST", "/api/v1/queue/jobs", other_site_staff(), R"({"orderId":")" + order + R"("})"),
                 404, "NOT_FOUND");
}

TEST_F(queue_api, metrics_show_depth_by_status_and_priority_waits_and_failure_rate) {
    start_server();
    const auto a = submit_id(R"({"priority":1})");
    const auto b = submit_id(R"({"priority":2})");
    submit_id(R"({"priority":4})");
    ASSERT_EQ(next_job(), a);
    ASSERT_EQ(act(a, "complete").status, 200u);
    ASSERT_EQ(next_job(), b);
    ASSERT_EQ(act(b, "fail", R"({"error":"torn"})").status, 200u);
    const auto text = metrics_text();
    EXPECT_EQ(metric_value(text, "ordercast_queue_jobs_completed"), 1.0) << text;
    EXPECT_EQ(metric_value(text, "ordercast_queue_jobs_failed"), 1.0);
    EXPECT_EQ(metric_value(text, "ordercast_queue_jobs_queued"), 1.0);
    EXPECT_EQ(metric_value(text, "ordercast_queue_queued_low"), 1.0);
    EXPECT_EQ(metric_value(text, "ordercast_queue_queued_urgent"), 0.0);
    EXPECT_EQ(metric_value(text, "ordercast_queue_failure_rate"), 0.5);
    EXPECT_EQ(metric_value(text, "ordercast_queue_failures_total"), 1.0);
    EXPECT_TRUE(metric_value(text, "ordercast_queue_wait_p95_seconds").has_value());
    EXPECT_GE(metric_value(text, "ordercast_queue_wait_average_seconds").value_or(-1), 0.0);
    auto json = http().get("/api/metrics").json();
    EXPECT_EQ(json.number("/queue_jobs_completed"), 1.0) << json.dump();
    EXPECT_EQ(json.number("/queue_failure_rate"), 0.5);
}

TEST_F(queue_api, a_retried_submit_with_the_same_idempotency_key_gets_the_same_job) {
    start_server();
    const std::string body = R"({"priority":"HIGH","garmentType":"jacket"})";
    auto first = call("POST", "/api/v1/queue/jobs", staff(), body, {{"Idempotency-Key", "cut-7"}});
    ASSERT_EQ(first.status, 201u) << first.body;
    auto again = call("POST", "/api/v1/queue/jobs", staff(), body, {{"Idempotency-Key", "cut-7"}});
    ASSERT_EQ(again.status, 201u) << again.body;
    EXPECT_EQ(again.json().str("/id"), first.json().str("/id"));
    EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(queue_status().i64("/queued"), 1) << "the retry made a second job";
    expect_error(
        call("POST", "/api/v1/queue/jobs", staff(), R"({"priority":"LOW"})", {{"Idempotency-Key", "cut-7"}}),
        422, "IDEMPOTENCY_KEY_REUSED");
}

}  // namespace
}  // namespace ordercast::test

// What a caller may not do with a request the server otherwise accepts: a customer driving an
// operation it started, an alert whose extra fields would overwrite the server's, a progress
// number too large for an integer, a customer's order handing its job a priority, a station,
// a tier or a plot file.
#include "functional/ops_fixture.hpp"
#include "functional/queue_fixture.hpp"

#include <chrono>
#include <thread>

namespace ordercast::test {
namespace {

class caller_limits : public ops_test {
protected:
    void SetUp() override { start_server(); }
};

TEST_F(caller_limits, a_customer_cannot_drive_an_operation_even_one_it_started) {
    auto created = call("POST", "/api/v1/operations", alice(), R"({"kind":"chitty"})");
    ASSERT_EQ(created.status, 202u) << created.body;
    const auto id = created.json().str("/id").value_or("");
    expect_error(progress(id, "ocr", 50, "", alice()), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(
        call("POST", "/api/v1/operations/" + id + "/complete", alice(), R"({"result":{"items_found":99}})"),
        403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("POST", "/api/v1/operations/" + id + "/fail", alice(),
                      R"({"error":{"code":"VALIDATION_ERROR","details":"x"}})"),
                 403, "INSUFFICIENT_PERMISSIONS");
    auto state = call("GET", "/api/v1/operations/" + id, alice()).json();
    EXPECT_EQ(state.str("/status"), "pending");
    EXPECT_EQ(state.i64("/progress"), 0);
}

TEST_F(caller_limits, an_alerts_extra_fields_may_not_reuse_the_servers_names) {
    for (std::string_view field : {"id", "alertId", "state", "createdAt", "raisedBy", "resolvedBy"}) {
        const std::string body = R"({"severity":"warning","category":"c","message":"m","site":"s1",")" +
                                 std::string(field) + R"(":"forged"})";
        expect_error(call("POST", "/api/v1/alerts", staff(), body), 400, "INVALID_MESSAGE");
    }
    auto listed = call("GET", "/api/v1/alerts", manager()).json();
    EXPECT_TRUE(listed.items("/alerts").empty()) << listed.dump();
}

TEST_F(caller_limits, progress_beyond_any_integer_is_refused_and_changes_nothing) {
    const auto id = start_operation().str("/id").value_or("");
    progress_ok(id, "loading", 10);
    for (std::string_view number : {"1e300", "-1e300", "1e20", "100.5", "-0.5"}) {
        auto r = call("POST", "/api/v1/operations/" + id + "/progress", worker(),
                      R"({"step":"loading","progress":)" + std::string(number) + "}");
        EXPECT_EQ(r.status, 422u) << number << ": " << r.body;
    }
    EXPECT_EQ(call("GET", "/api/v1/operations/" + id, worker()).json().i64("/progress"), 10);
}

class caller_limits_queue : public queue_test {};

TEST_F(caller_limits_queue,
       a_job_for_a_customers_own_order_takes_no_priority_station_tier_or_plot_file_from_it) {
    start_server({{"ORDERCAST_QUEUE_SUBMIT_ON_ORDER_STATUS", "in_progress"},
                  {"ORDERCAST_QUEUE_TIER_BONUSES", "vip:2"}});
    auto created =
        call("POST", "/api/v1/orders", alice(),
             R"({"siteId":"s1","priority":"urgent","attributes":{"garmentType":"coat","customerTier":"vip",)"
             R"("pltFile":"/etc/passwd","stationId":"c9"}})");
    ASSERT_EQ(created.status, 201u) << created.body;
    const auto order = created.json().str("/id").value_or("");
    for (const char* status : {"confirmed", "in_progress"}) {
        auto moved =
            call("PATCH", "/api/v1/orders/" + order, staff(), std::string(R"({"status":")") + status + "\"}");
        ASSERT_EQ(moved.status, 200u) << status << ": " << moved.body;
    }
    auto jobs = call("GET", "/api/v1/queue/jobs?order=" + order, staff()).json().items("/jobs");
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0].i64("/priority"), 3) << "NORMAL, not the customer's own 'urgent'";
    EXPECT_FALSE(jobs[0].str("/stationId")) << jobs[0].dump();
    EXPECT_FALSE(jobs[0].str("/plotFile")) << jobs[0].dump();
    EXPECT_FALSE(jobs[0].str("/customerTier")) << jobs[0].dump();
    EXPECT_EQ(jobs[0].str("/garmentType"), "coat") << "what the garment is may come from the customer";
}

}  // namespace
}  // namespace ordercast::test

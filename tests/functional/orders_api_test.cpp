// The orders and customers REST API against the real binary and a real SQLite file: every
// endpoint, its role checks and its errors, and the idempotent create.
#include "functional/orders_fixture.hpp"

#include "support/process.hpp"

namespace ordercast::test {
namespace {

class orders_api : public orders_test {
protected:
    void SetUp() override { start_server(); }
};

TEST_F(orders_api, staff_create_returns_the_order_with_location_and_etag_and_get_returns_it) {
    auto res = call("POST", "/api/v1/orders", staff(),
                    R"({"number":"ORD-001","customerId":"alice","stationId":"k1","priority":"high",
                        "items":[{"name":"Cappuccino","quantity":2}],"totalAmount":7.5,"currency":"EUR",
                        "estimatedTime":8,"attributes":{"garmentType":"jacket","measurements":{"chest":102}},
                        "note":"extra hot"})");
    ASSERT_EQ(res.status, 201u) << res.body;
    auto o = res.json();
    auto id = o.str("/id").value_or("");
    ASSERT_FALSE(id.empty());
    EXPECT_EQ(res.header("Location"), "/api/v1/orders/" + id);
    EXPECT_EQ(res.header("ETag"), "\"1\"");
    EXPECT_EQ(o.str("/status"), "pending");
    EXPECT_EQ(o.str("/siteId"), "s1") << "staff orders belong to the staff's site";
    EXPECT_EQ(o.str("/customerId"), "alice");
    EXPECT_EQ(o.str("/priority"), "high");
    EXPECT_EQ(o.number("/totalAmount"), 7.5);
    EXPECT_EQ(o.i64("/estimatedTime"), 8);
    EXPECT_EQ(o.i64("/attributes/measurements/chest"), 102);
    EXPECT_EQ(o.str("/syncStatus"), "local_only");
    EXPECT_EQ(o.i64("/version"), 1);
    EXPECT_TRUE(is_iso8601_utc_ms(o.str("/createdAt").value_or(""))) << res.body;
    EXPECT_TRUE(o.at("/completedAt").is_null()) << res.body;
    EXPECT_EQ(o.str("/notes/0/text"), "extra hot");

    auto got = call("GET", "/api/v1/orders/" + id, alice());
    ASSERT_EQ(got.status, 200u) << got.body;
    EXPECT_EQ(got.body, res.body) << "GET must return what the create answered";
    EXPECT_EQ(got.header("ETag"), "\"1\"");
}

TEST_F(orders_api, create_errors_have_codes_and_say_what_to_do) {
    expect_error(call("POST", "/api/v1/orders", "", "{}"), 401, "AUTHENTICATION_FAILED");
    expect_error(call("POST", "/api/v1/orders", staff(), "{not json"), 400, "INVALID_MESSAGE");
    expect_error(call("POST", "/api/v1/orders", staff(), R"({"colour":"red"})"), 400, "INVALID_MESSAGE");
    expect_error(call("POST", "/api/v1/orders", staff(), R"({"items":"tea"})"), 400, "INVALID_MESSAGE");
    expect_error(call("POST", "/api/v1/orders", staff(), R"({"priority":"asap"})"), 422, "INVALID_VALUE");
    expect_error(call("POST", "/api/v1/orders", staff(), R"({"progress":150})"), 422, "INVALID_VALUE");
    expect_error(call("POST", "/api/v1/orders", staff(), R"({"stationId":"counter 1"})"), 422,
                 "INVALID_VALUE");
    expect_error(call("POST", "/api/v1/orders", staff(), R"({"siteId":"s2"})"), 403,
                 "INSUFFICIENT_PERMISSIONS");
    expect_error(call("POST", "/api/v1/orders", alice(), R"({"customerId":"bob"})"), 403,
                 "INSUFFICIENT_PERMISSIONS");
    create_order(staff(), R"({"number":"ORD-7"})");
    expect_error(call("POST", "/api/v1/orders", staff(), R"({"number":"ORD-7"})"), 409, "ALREADY_EXISTS");
}

TEST_F(orders_api, customer_creates_only_their_own_orders) {
    auto o = create_order(alice(), R"({"items":[{"name":"tea"}]})");
    EXPECT_EQ(o.str("/customerId"), "alice");
    EXPECT_EQ(o.str("/siteId"), "s1");
    EXPECT_EQ(o.str("/createdBy"), "alice");
}

TEST_F(orders_api,
       retried_create_with_the_same_idempotency_key_returns_the_first_result_and_creates_nothing) {
    const std::string body = R"({"customerId":"alice","items":[{"name":"tea"}]})";
    auto first = call("POST", "/api/v1/orders", staff(), body, {{"Idempotency-Key", "create-42"}});
    ASSERT_EQ(first.status, 201u) << first.body;
    for (int i = 0; i < 3; ++i) {
        auto again = call("POST", "/api/v1/orders", staff(), body, {{"Idempotency-Key", "create-42"}});
        ASSERT_EQ(again.status, 201u) << again.body;
        EXPECT_EQ(again.body, first.body);
        EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
    }
    auto list = call("GET", "/api/v1/orders", admin()).json();
    EXPECT_EQ(list.items("/orders").size(), 1u) << "retries must not create orders";

    auto different = call("POST", "/api/v1/orders", staff(), R"({"customerId":"bob"})",
                          {{"Idempotency-Key", "create-42"}});
    expect_error(different, 422, "IDEMPOTENCY_KEY_REUSED");
    expect_error(call("POST", "/api/v1/orders", staff(), body, {{"Idempotency-Key", "two words"}}), 400,
                 "BAD_REQUEST");
}

class orders_api_short_idempotency : public orders_test {
protected:
    void SetUp() override { start_server({{"ORDERCAST_STORE_IDEMPOTENCY_RETENTION_S", "1"}}); }
};

TEST_F(orders_api_short_idempotency,
       a_key_past_store_idempotency_retention_s_is_forgotten_and_creates_again) {
    const std::string body = R"({"customerId":"alice","items":[{"name":"tea"}]})";
    auto first = call("POST", "/api/v1/orders", staff(), body, {{"Idempotency-Key", "create-7"}});
    ASSERT_EQ(first.status, 201u) << first.body;
    auto replayed = call("POST", "/api/v1/orders", staff(), body, {{"Idempotency-Key", "create-7"}});
    ASSERT_EQ(replayed.header("Idempotent-Replayed"), "true") << "within the retention the key is remembered";
    // Retention 1 s, checked every second: the key is gone within about 2 s. Until then a retry
    // is replayed (and creates nothing): retry until one is not.
    http_response later;
    EXPECT_TRUE(eventually(
        [&] {
            later = call("POST", "/api/v1/orders", staff(), body, {{"Idempotency-Key", "create-7"}});
            return later.status != 201 || later.header("Idempotent-Replayed") != "true";
        },
        10s, 200ms))
        << "the key was still remembered 10 s after it was used";
    ASSERT_EQ(later.status, 201u) << later.body;
    EXPECT_NE(later.header("Idempotent-Replayed"), "true");
    EXPECT_NE(later.json().str("/id"), first.json().str("/id")) << "a forgotten key creates a new order";
    EXPECT_EQ(call("GET", "/api/v1/orders", admin()).json().items("/orders").size(), 2u);
}

TEST_F(orders_api, list_filters_pages_and_is_scoped_to_the_caller) {
    // Lists are newest first by creation time, then by id: orders created in the same
    // millisecond list in creation order too (a UUIDv7's counter orders them), so no pause.
    auto a = create_order_id(staff(), R"({"customerId":"alice","stationId":"k1","assigneeId":"e1"})");
    auto b = create_order_id(staff(), R"({"customerId":"bob","stationId":"k2"})");
    auto c = create_order_id(other_site_staff(), R"({"customerId":"alice"})");
    patch_order(b, R"({"status":"confirmed"})");

    auto ids = [&](const std::string& query, const std::string& bearer) {
        auto res = call("GET", "/api/v1/orders" + query, bearer);
        EXPECT_EQ(res.status, 200u) << query << " " << res.body;
        std::vector<std::string> out;
        for (const auto& o : res.json().items("/orders")) out.push_back(o.str("/id").value_or("?"));
        return out;
    };
    using ids_t = std::vector<std::string>;
    EXPECT_EQ(ids("", admin()), (ids_t{c, b, a})) << "newest first";
    EXPECT_EQ(ids("", staff()), (ids_t{b, a})) << "staff see their site";
    EXPECT_EQ(ids("", alice()), (ids_t{c, a})) << "a customer sees their own orders, at every site";
    EXPECT_EQ(ids("?status=confirmed", staff()), (ids_t{b}));
    EXPECT_EQ(ids("?station=k1", staff()), (ids_t{a}));
    EXPECT_EQ(ids("?assignee=e1", staff()), (ids_t{a}));
    EXPECT_EQ(ids("?customer=bob", admin()), (ids_t{b}));
    EXPECT_EQ(ids("?site=s2", admin()), (ids_t{c}));
    auto b_updated = call("GET", "/api/v1/orders/" + b, admin()).json().str("/updatedAt").value_or("");
    EXPECT_EQ(ids("?updated_since=" + b_updated, staff()), (ids_t{b}));

    auto first = call("GET", "/api/v1/orders?limit=2", admin()).json();
    ASSERT_EQ(first.items("/orders").size(), 2u);
    auto cursor = first.str("/nextCursor");
    ASSERT_TRUE(cursor) << first.dump();
    auto second = call("GET", "/api/v1/orders?limit=2&cursor=" + *cursor, admin()).json();
    ASSERT_EQ(second.items("/orders").size(), 1u);
    EXPECT_EQ(second.str("/orders/0/id"), a);
    EXPECT_TRUE(second.at("/nextCursor").is_null()) << second.dump();

    expect_error(call("GET", "/api/v1/orders?site=s2", staff()), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("GET", "/api/v1/orders?customer=bob", alice()), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("GET", "/api/v1/orders?limit=0", admin()), 422, "INVALID_VALUE");
    expect_error(call("GET", "/api/v1/orders?limit=ten", admin()), 400, "BAD_REQUEST");
    expect_error(call("GET", "/api/v1/orders?sort=asc", admin()), 400, "BAD_REQUEST");
    expect_error(call("GET", "/api/v1/orders?cursor=bogus", admin()), 400, "INVALID_MESSAGE");
    expect_error(call("GET", "/api/v1/orders?updated_since=yesterday", admin()), 400, "BAD_REQUEST");
    expect_error(call("GET", "/api/v1/orders", ""), 401, "AUTHENTICATION_FAILED");
}

TEST_F(orders_api, orders_outside_the_callers_reach_are_not_found) {
    auto id = create_order_id(alice(), "{}");
    expect_error(call("GET", "/api/v1/orders/" + id, bob()), 404, "NOT_FOUND");
    expect_error(call("GET", "/api/v1/orders/" + id, other_site_staff()), 404, "NOT_FOUND");
    expect_error(call("GET", "/api/v1/orders/no-such-order", admin()), 404, "NOT_FOUND");
    expect_error(call("PATCH", "/api/v1/orders/" + id, bob(), R"({"status":"cancelled"})"), 404, "NOT_FOUND");
    expect_error(call("POST", "/api/v1/orders/" + id + "/notes", bob(), R"({"text":"mine now"})"), 404,
                 "NOT_FOUND");
    expect_error(call("GET", "/api/v1/orders/" + id + "/logs", bob()), 404, "NOT_FOUND");
    // Alice may read her order but not change it.
    EXPECT_EQ(call("GET", "/api/v1/orders/" + id, alice()).status, 200u);
    expect_error(call("PATCH", "/api/v1/orders/" + id, alice(), R"({"status":"cancelled"})"), 403,
                 "INSUFFICIENT_PERMISSIONS");
    expect_error(call("DELETE", "/api/v1/orders/" + id, admin()), 405, "METHOD_NOT_ALLOWED");
}

TEST_F(orders_api, patch_moves_the_status_machine_and_refuses_invalid_moves) {
    auto id = create_order_id(staff(), "{}");
    auto o = patch_order(id, R"({"status":"confirmed"})");
    EXPECT_EQ(o.str("/status"), "confirmed");
    EXPECT_EQ(o.i64("/version"), 2);
    auto skip = call("PATCH", "/api/v1/orders/" + id, staff(), R"({"status":"completed"})");
    expect_error(skip, 409, "INVALID_ORDER_STATUS");
    EXPECT_EQ(skip.json().str("/error/message"), "Cannot transition from 'confirmed' to 'completed'");
    EXPECT_EQ(skip.json().strings("/error/details/allowed"),
              (std::vector<std::string>{"in_progress", "cancelled", "failed"}));
    for (const char* s : {"in_progress", "ready", "completed"})
        patch_order(id, std::string(R"({"status":")") + s + "\"}");
    auto back = call("PATCH", "/api/v1/orders/" + id, staff(), R"({"status":"in_progress"})");
    expect_error(back, 409, "INVALID_ORDER_STATUS");
    EXPECT_EQ(back.json().str("/error/message"), "Cannot transition from 'completed' to 'in_progress'");
    auto done = call("GET", "/api/v1/orders/" + id, staff()).json();
    EXPECT_TRUE(is_iso8601_utc_ms(done.str("/completedAt").value_or(""))) << done.dump();

    auto fresh = create_order_id(staff(), "{}");
    expect_error(call("PATCH", "/api/v1/orders/" + fresh, staff(), R"({"status":"preparing"})"), 422,
                 "INVALID_VALUE");
    expect_error(call("PATCH", "/api/v1/orders/" + fresh, staff(), R"({})"), 400, "INVALID_MESSAGE");
    expect_error(call("PATCH", "/api/v1/orders/" + fresh, staff(), R"({"progress":-1})"), 422,
                 "INVALID_VALUE");
    EXPECT_EQ(patch_order(fresh, R"({"status":"cancelled","reason":"item_unavailable"})").str("/status"),
              "cancelled");
}

TEST_F(orders_api, patch_changes_the_other_fields_and_merges_attributes) {
    auto id = create_order_id(
        staff(), R"({"stationId":"k1","estimatedTime":10,"attributes":{"fit":"slim","qcStatus":"todo"}})");
    auto o = patch_order(
        id, R"({"priority":"urgent","stationId":"k2","assigneeId":"e9","progress":40,"stage":"cutting",
                                 "estimatedTime":null,"attributes":{"qcStatus":"passed","fit":null,"qcScore":"A"}})");
    EXPECT_EQ(o.str("/priority"), "urgent");
    EXPECT_EQ(o.str("/stationId"), "k2");
    EXPECT_EQ(o.str("/assigneeId"), "e9");
    EXPECT_EQ(o.i64("/progress"), 40);
    EXPECT_EQ(o.str("/stage"), "cutting");
    EXPECT_TRUE(o.at("/estimatedTime").is_null());
    EXPECT_EQ(o.str("/attributes/qcStatus"), "passed");
    EXPECT_EQ(o.str("/attributes/qcScore"), "A");
    EXPECT_FALSE(o.has("/attributes/fit"));
    EXPECT_TRUE(patch_order(id, R"({"stationId":null})").at("/stationId").is_null());
}

TEST_F(orders_api, if_match_with_a_stale_version_is_a_conflict) {
    auto id = create_order_id(staff(), "{}");
    auto ok =
        call("PATCH", "/api/v1/orders/" + id, staff(), R"({"priority":"high"})", {{"If-Match", "\"1\""}});
    ASSERT_EQ(ok.status, 200u) << ok.body;
    EXPECT_EQ(ok.header("ETag"), "\"2\"");
    auto stale =
        call("PATCH", "/api/v1/orders/" + id, staff(), R"({"priority":"low"})", {{"If-Match", "\"1\""}});
    expect_error(stale, 409, "VERSION_CONFLICT");
    EXPECT_EQ(stale.json().i64("/error/details/currentVersion"), 2);
    auto stale_body = call("PATCH", "/api/v1/orders/" + id, staff(), R"({"priority":"low","version":1})");
    expect_error(stale_body, 409, "VERSION_CONFLICT");
    expect_error(
        call("PATCH", "/api/v1/orders/" + id, staff(), R"({"priority":"low"})", {{"If-Match", "v2"}}), 400,
        "BAD_REQUEST");
    EXPECT_EQ(call("GET", "/api/v1/orders/" + id, staff()).json().str("/priority"), "high");
}

TEST_F(orders_api, notes_are_added_by_anyone_who_may_read_and_listed_with_the_order) {
    auto id = create_order_id(alice(), "{}");
    auto res = call("POST", "/api/v1/orders/" + id + "/notes", alice(), R"({"text":"no sugar please"})");
    ASSERT_EQ(res.status, 201u) << res.body;
    EXPECT_EQ(res.json().str("/addedBy"), "alice");
    ASSERT_EQ(call("POST", "/api/v1/orders/" + id + "/notes", staff(), R"({"text":"noted"})").status, 201u);
    auto o = call("GET", "/api/v1/orders/" + id, alice()).json();
    auto notes = o.items("/notes");
    ASSERT_EQ(notes.size(), 2u) << o.dump();
    EXPECT_EQ(notes[0].str("/text"), "no sugar please");
    EXPECT_EQ(notes[1].str("/addedBy"), "e1");
    expect_error(call("POST", "/api/v1/orders/" + id + "/notes", alice(), R"({"text":""})"), 400,
                 "INVALID_MESSAGE");
}

TEST_F(orders_api, production_logs_record_each_status_change_for_staff) {
    auto id = create_order_id(alice(), "{}");
    patch_order(id, R"({"status":"confirmed","message":"being prepared"})");
    patch_order(id, R"({"status":"in_progress","stage":"brewing"})");
    auto res = call("GET", "/api/v1/orders/" + id + "/logs", staff());
    ASSERT_EQ(res.status, 200u) << res.body;
    auto logs = res.json().items("/logs");
    ASSERT_EQ(logs.size(), 3u) << res.body;
    EXPECT_EQ(logs[0].str("/status"), "pending");
    EXPECT_EQ(logs[1].str("/status"), "confirmed");
    EXPECT_EQ(logs[1].str("/details/message"), "being prepared");
    EXPECT_EQ(logs[1].str("/actorId"), "e1");
    EXPECT_GE(logs[1].i64("/processingTimeMs").value_or(-1), 0);
    EXPECT_EQ(logs[2].str("/stage"), "brewing");
    EXPECT_EQ(logs[2].i64("/orderVersion"), 3);
    expect_error(call("GET", "/api/v1/orders/" + id + "/logs", alice()), 403, "INSUFFICIENT_PERMISSIONS");
}

TEST_F(orders_api, customers_are_created_read_and_listed_by_role) {
    auto created =
        call("POST", "/api/v1/customers", staff(),
             R"({"id":"cust-1","name":"Ann","email":"ann@example.com","defaultMeasurements":{"chest":96}})");
    ASSERT_EQ(created.status, 201u) << created.body;
    EXPECT_EQ(created.header("Location"), "/api/v1/customers/cust-1");
    EXPECT_EQ(created.json().str("/siteId"), "s1");
    expect_error(call("POST", "/api/v1/customers", staff(), R"({"id":"cust-1","name":"Ann"})"), 409,
                 "ALREADY_EXISTS");
    expect_error(call("POST", "/api/v1/customers", staff(), R"({"email":"x@example.com"})"), 400,
                 "INVALID_MESSAGE");
    expect_error(call("POST", "/api/v1/customers", staff(), R"({"name":"X","email":"nope"})"), 422,
                 "INVALID_VALUE");
    expect_error(call("POST", "/api/v1/customers", alice(), R"({"id":"bob","name":"Not Bob"})"), 403,
                 "INSUFFICIENT_PERMISSIONS");
    auto self = call("POST", "/api/v1/customers", alice(), R"({"name":"Alice"})");
    ASSERT_EQ(self.status, 201u) << self.body;
    EXPECT_EQ(self.json().str("/id"), "alice");

    auto got = call("GET", "/api/v1/customers/cust-1", manager());
    ASSERT_EQ(got.status, 200u) << got.body;
    EXPECT_EQ(got.json().i64("/defaultMeasurements/chest"), 96);
    expect_error(call("GET", "/api/v1/customers/cust-1", alice()), 404, "NOT_FOUND");
    expect_error(call("GET", "/api/v1/customers/cust-1", other_site_staff()), 404, "NOT_FOUND");
    EXPECT_EQ(call("GET", "/api/v1/customers/alice", alice()).status, 200u);

    auto all = call("GET", "/api/v1/customers", staff()).json();
    EXPECT_EQ(all.items("/customers").size(), 2u) << all.dump();
    auto mine = call("GET", "/api/v1/customers", alice()).json();
    ASSERT_EQ(mine.items("/customers").size(), 1u) << mine.dump();
    EXPECT_EQ(mine.str("/customers/0/id"), "alice");
    expect_error(call("GET", "/api/v1/customers?site=s1", other_site_staff()), 403,
                 "INSUFFICIENT_PERMISSIONS");
    expect_error(call("GET", "/api/v1/customers/cust-1", ""), 401, "AUTHENTICATION_FAILED");
}

TEST_F(orders_api, orders_survive_a_graceful_restart_on_the_same_data_directory) {
    temp_dir data("ordercast-orders-data");
    start_server({}, {}, data.path().string());
    auto id = create_order_id(staff(), R"({"items":[{"name":"tea"}]})");
    patch_order(id, R"({"status":"confirmed"})");
    start_server({}, {}, data.path().string());
    auto o = call("GET", "/api/v1/orders/" + id, staff()).json();
    EXPECT_EQ(o.str("/status"), "confirmed");
    EXPECT_EQ(o.i64("/version"), 2);
}

}  // namespace
}  // namespace ordercast::test

namespace ordercast::test {
namespace {

class orders_config : public orders_test {};

TEST_F(orders_config, configured_status_machine_replaces_the_default) {
    start_server({{"ORDERCAST_ORDERS_STATUSES", "new,preparing,done,void"},
                  {"ORDERCAST_ORDERS_INITIAL_STATUS", "new"},
                  {"ORDERCAST_ORDERS_TRANSITIONS", "new>preparing,preparing>done"},
                  {"ORDERCAST_ORDERS_TERMINAL_STATUSES", "done,void"},
                  {"ORDERCAST_ORDERS_ABORT_STATUSES", "void"}});
    auto id = create_order_id(staff(), "{}");
    EXPECT_EQ(call("GET", "/api/v1/orders/" + id, staff()).json().str("/status"), "new");
    EXPECT_EQ(patch_order(id, R"({"status":"preparing"})").str("/status"), "preparing");
    auto refused = call("PATCH", "/api/v1/orders/" + id, staff(), R"({"status":"ready"})");
    expect_error(refused, 422, "INVALID_VALUE");
    EXPECT_EQ(patch_order(id, R"({"status":"done"})").str("/completedAt").has_value(), true);
}

TEST_F(orders_config, broken_status_machine_stops_start_up_naming_the_key) {
    temp_dir data("ordercast-bad-machine");
    auto r = run_process(ordercast_binary(), {"serve", "--port", "0"},
                         {{"ORDERCAST_AUTH_JWT_SECRET", k_test_secret},
                          {"ORDERCAST_ORDERS_TRANSITIONS", "pending>shipped"},
                          {"ORDERCAST_SERVER_DATA_DIR", data.path().string()}});
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find("orders.transitions"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ordercast::test

// Who may follow an operation: its owner, staff of its site and admins subscribe to
// operation:{id}; anyone else is refused as if it did not exist; at most
// operations.max_subscribers (10) follow one operation at once.
#include "functional/ops_fixture.hpp"

namespace ordercast::test {
namespace {

class operations_access : public ops_test {
protected:
    void SetUp() override { start_server(); }
};

TEST_F(operations_access, another_users_operation_is_refused_everywhere) {
    auto id = start_operation("alice").str("/id").value_or("");
    const std::string channel = "operation:" + id;
    for (const auto& [who, bearer, allowed] : std::vector<std::tuple<std::string, std::string, bool>>{
             {"owner", alice(), true},
             {"another customer", bob(), false},
             {"staff of the site", staff(), true},
             {"staff of another site", other_site_staff(), false},
             {"admin", admin(), true}}) {
        auto c = connect(bearer);
        auto confirmed = subscribe(*c, {channel});
        EXPECT_EQ(granted(confirmed, channel), allowed) << who << ": " << confirmed.dump();
        if (!allowed) {
            EXPECT_EQ(refusal_reason(confirmed, channel), "insufficient_permissions") << confirmed.dump();
        }
        EXPECT_EQ(call("GET", "/api/v1/operations/" + id, bearer).status, allowed ? 200u : 404u) << who;
        c->close();
    }
    expect_error(call("POST", "/api/v1/operations/" + id + "/cancel", bob()), 404, "NOT_FOUND");
    expect_error(call("POST", "/api/v1/operations/" + id + "/progress", alice(), R"({"progress":5})"), 403,
                 "INSUFFICIENT_PERMISSIONS");
    auto c = connect(bob());
    ASSERT_TRUE(
        c->send(R"({"type":"cancel_operation","messageId":"m1","data":{"operationId":")" + id + R"("}})"));
    auto refused = next_of(*c, "message_error");
    EXPECT_EQ(refused.str("/data/error/code"), "NOT_FOUND") << refused.dump();
    c->close();
    auto missing = connect(alice());
    EXPECT_FALSE(
        granted(subscribe(*missing, {"operation:no-such-operation"}), "operation:no-such-operation"));
    missing->close();
}

TEST_F(operations_access, a_customer_starts_operations_only_for_themselves) {
    auto own = call("POST", "/api/v1/operations", alice(), R"({"kind":"ocr"})");
    ASSERT_EQ(own.status, 202u) << own.body;
    EXPECT_EQ(own.json().str("/owner"), "alice");
    EXPECT_EQ(own.json().str("/site"), "s1");
    expect_error(call("POST", "/api/v1/operations", alice(), R"({"kind":"ocr","owner":"bob"})"), 403,
                 "INSUFFICIENT_PERMISSIONS");
    expect_error(call("POST", "/api/v1/operations", alice(), R"({"owner":"alice"})"), 400, "INVALID_MESSAGE");
    expect_error(call("POST", "/api/v1/operations", "", R"({"kind":"ocr"})"), 401, "AUTHENTICATION_FAILED");
}

TEST_F(operations_access, a_retried_start_with_the_same_idempotency_key_gets_the_same_operation) {
    const std::string body = R"({"kind":"comparison","owner":"alice","site":"s1"})";
    auto first = call("POST", "/api/v1/operations", worker(), body, {{"Idempotency-Key", "start-42"}});
    ASSERT_EQ(first.status, 202u) << first.body;
    auto again = call("POST", "/api/v1/operations", worker(), body, {{"Idempotency-Key", "start-42"}});
    ASSERT_EQ(again.status, 202u) << again.body;
    EXPECT_EQ(again.json().str("/id"), first.json().str("/id"));
    EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
    expect_error(call("POST", "/api/v1/operations", worker(), R"({"kind":"other"})",
                      {{"Idempotency-Key", "start-42"}}),
                 422, "IDEMPOTENCY_KEY_REUSED");
}

TEST_F(operations_access, the_eleventh_concurrent_subscriber_is_refused_with_a_reason) {
    auto id = start_operation().str("/id").value_or("");
    const std::string channel = "operation:" + id;
    std::vector<std::unique_ptr<ws_client>> watchers;
    for (int i = 1; i <= 10; ++i) {
        watchers.push_back(connect(token("e" + std::to_string(i), "employee", "s1")));
        auto confirmed = subscribe(*watchers.back(), {channel});
        ASSERT_TRUE(granted(confirmed, channel)) << "subscriber " << i << ": " << confirmed.dump();
    }
    auto eleventh = connect(token("e11", "employee", "s1"));
    auto refused = subscribe(*eleventh, {channel});
    EXPECT_FALSE(granted(refused, channel)) << refused.dump();
    EXPECT_EQ(refusal_reason(refused, channel), "operation_subscriber_limit") << refused.dump();

    // A place frees up when one of the ten leaves.
    watchers.front()->close();
    watchers.erase(watchers.begin());
    EXPECT_TRUE(eventually([&] { return granted(subscribe(*eleventh, {channel}), channel); },
                           std::chrono::seconds(5), std::chrono::milliseconds(100)));
    eleventh->close();
    for (auto& w : watchers) w->close();
}

}  // namespace
}  // namespace ordercast::test

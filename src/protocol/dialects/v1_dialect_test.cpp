// /v1 as a dialect: its frames decoded into the typed request vocabulary (no JSON beyond this
// point), and the session's typed outcomes rendered into /v1's server messages.
#include <gtest/gtest.h>

#include "protocol/dialect_registry.hpp"

namespace ordercast::protocol {
namespace {

struct recorded final : reply_sink {
    std::vector<std::string> texts;
    void send(std::string_view text) override { texts.emplace_back(text); }
};

class v1_dialect : public ::testing::Test {
protected:
    core::config cfg;
    dialect_registry registry{cfg};
    const dialect& v1 = registry.get(dialect_id::v1);
};

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

TEST_F(v1_dialect, subscribe_decodes_channels_and_well_formed_positions) {
    request r =
        v1.parse(R"({"type":"subscribe","messageId":"m1","correlationId":"c1","data":{"channels":["order:1",)"
                 R"("user:u"],"positions":{"order:1":{"seq":4,"epoch":"e.1"},"user:u":{"seq":"x"}}}})",
                 {});
    ASSERT_EQ(r.what, request::op::subscribe);
    EXPECT_EQ(r.message_id, "m1");
    EXPECT_EQ(r.correlation_id, "c1");
    EXPECT_EQ(r.channels, (std::vector<std::string>{"order:1", "user:u"}));
    ASSERT_EQ(r.positions.size(), 1u) << "a malformed position is no resume point";
    EXPECT_EQ(r.positions[0].first, "order:1");
    EXPECT_EQ(r.positions[0].second, (hub::position{4, "e.1"}));
}

TEST_F(v1_dialect, each_client_message_becomes_its_request) {
    request reconnect =
        v1.parse(R"({"type":"reconnect","data":{"lastMessageId":"e-3","channels":["a:b"]}})", {});
    EXPECT_EQ(reconnect.what, request::op::reconnect);
    EXPECT_EQ(reconnect.last_message_id, "e-3");
    request ack = v1.parse(R"({"type":"ack","data":{"messageIds":["e-1","e-2"]}})", {});
    EXPECT_EQ(ack.what, request::op::ack);
    EXPECT_EQ(ack.ids, (std::vector<std::string>{"e-1", "e-2"}));
    request refresh = v1.parse(R"({"type":"refresh_token","data":{"token":"t"}})", {});
    EXPECT_EQ(refresh.what, request::op::refresh);
    EXPECT_EQ(refresh.token, "t");
    request ping = v1.parse(R"({"type":"ping","timestamp":"2024-01-15T10:30:00Z"})", {});
    EXPECT_EQ(ping.what, request::op::ping);
    EXPECT_EQ(ping.client_timestamp, "2024-01-15T10:30:00Z");
    request update = v1.parse(
        R"({"type":"order_status_update","data":{"orderId":"o1","status":"ready","message":"done","n":1}})",
        {});
    ASSERT_EQ(update.what, request::op::command);
    EXPECT_EQ(update.cmd.kind, command_kind::order_status_update);
    EXPECT_EQ(update.cmd.field("orderId"), "o1");
    EXPECT_EQ(update.cmd.field("status"), "ready");
    EXPECT_EQ(update.cmd.field("message"), "done");
    EXPECT_EQ(update.cmd.field("n"), "") << "commands carry string fields only";
}

TEST_F(v1_dialect, a_frame_that_is_not_json_closes_1003_and_a_bad_one_is_answered_citing_its_id) {
    request not_json = v1.parse("{nope", {});
    EXPECT_EQ(not_json.what, request::op::close);
    EXPECT_EQ(not_json.close.code, 1003);
    request unknown = v1.parse(R"({"type":"dance","messageId":"m7"})", {});
    ASSERT_EQ(unknown.what, request::op::reply);
    EXPECT_EQ(unknown.message_id, "m7");
    EXPECT_TRUE(contains(unknown.text, R"("type":"message_error")")) << unknown.text;
    EXPECT_TRUE(contains(unknown.text, R"("code":"UNKNOWN_TYPE")")) << unknown.text;
}

TEST_F(v1_dialect, join_failures_are_worded_from_their_kind) {
    request asked = v1.parse(R"({"type":"subscribe","messageId":"m1","data":{"channels":["a:b"]}})", {});
    join_outcome limited;
    limited.failed.push_back({"user:9", join_failure::subscription_limit, {}});
    recorded out;
    v1.render_joined(out, asked, limited);
    ASSERT_EQ(out.texts.size(), 2u);
    EXPECT_TRUE(contains(out.texts[0], R"("failed":[{"channel":"user:9","reason":"subscription_limit"}])"))
        << out.texts[0];
    EXPECT_TRUE(contains(out.texts[1], R"("code":"SUBSCRIPTION_LIMIT")")) << out.texts[1];

    join_outcome refused;
    refused.failed.push_back({"user:9", join_failure::subscription_limit, {}});
    refused.failed.push_back({"order:x", join_failure::not_allowed, {}});
    refused.failed.push_back({"operation:p", join_failure::refused, "operation_subscriber_limit"});
    recorded out2;
    v1.render_joined(out2, asked, refused);
    ASSERT_EQ(out2.texts.size(), 2u);
    EXPECT_TRUE(contains(out2.texts[0], R"("reason":"insufficient_permissions")")) << out2.texts[0];
    EXPECT_TRUE(contains(out2.texts[0], R"("reason":"operation_subscriber_limit")")) << out2.texts[0];
    EXPECT_TRUE(contains(out2.texts[1], R"("code":"INSUFFICIENT_PERMISSIONS")")) << out2.texts[1];
}

TEST_F(v1_dialect, refusals_and_the_rate_limit_have_v1s_codes) {
    refusal_frame expired = v1.render_refusal(refusal::expired_token, "the token expired");
    EXPECT_TRUE(contains(expired.text, R"("code":"TOKEN_EXPIRED")")) << expired.text;
    EXPECT_EQ(expired.close.code, 1008);
    EXPECT_EQ(expired.close.reason, "TOKEN_EXPIRED");
    EXPECT_EQ(v1.render_refusal(refusal::rate_limited, "x").close.reason, "RATE_LIMIT_EXCEEDED");

    recorded out;
    request asked;
    v1.render_rate_limited(out, asked, 3);
    ASSERT_EQ(out.texts.size(), 1u);
    EXPECT_TRUE(contains(out.texts[0], R"("type":"error")")) << out.texts[0];
    EXPECT_TRUE(contains(out.texts[0], R"("retryAfter":3,"limit":100,"window":60)")) << out.texts[0];
}

}  // namespace
}  // namespace ordercast::protocol

// A session driven through a recording transport against a real hub, the real dialects and
// the real event renderer: what a client of each path sees, message by message, without a
// socket.
#include "session/session.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <functional>
#include <optional>

#include "auth/jwt_signer.hpp"
#include "auth/jwt_verifier.hpp"
#include "auth/ownership_hook.hpp"
#include "auth/permission_rules.hpp"
#include "core/clock.hpp"
#include "hub/dispatcher.hpp"
#include "hub/hub.hpp"
#include "protocol/dialect_registry.hpp"
#include "protocol/event_renderer.hpp"
#include "session/command_handler.hpp"
#include "session/connection_registry.hpp"

namespace ordercast::session {
namespace {

constexpr std::string_view k_secret = "session-test-secret-of-32-bytes!";

// What the session sent, in order: answers (text) and shared event frames.
struct sent {
    std::string text;                           // an answer; empty for a shared frame
    std::shared_ptr<const std::string> shared;  // an event frame, as the renderer wrote it
};

class recording_transport final : public transport {
public:
    void send_shared(const std::shared_ptr<const std::string>& frame, std::int64_t) override {
        frames.push_back({{}, frame});
    }
    void send_text(std::string_view json) override { frames.push_back({std::string(json), nullptr}); }
    void close(std::uint16_t code, std::string_view reason) override { closed = {code, std::string(reason)}; }

    // The answers sent since the last call (event frames are dropped); clears the record.
    std::vector<std::string> take_texts() {
        std::vector<std::string> out;
        for (auto& f : frames)
            if (!f.shared) out.push_back(std::move(f.text));
        frames.clear();
        return out;
    }

    std::vector<sent> frames;
    std::optional<std::pair<std::uint16_t, std::string>> closed;
};

// Every wake is answered by the test calling hub.drain(0).
class manual_dispatcher final : public hub::dispatcher {
public:
    void wake(hub::worker_id) override {}
};

// A field of a JSON text, as written ("null" when absent), for short assertions.
std::string field(const std::string& json, const char* pointer) {
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(json).get(root) != simdjson::SUCCESS) return "(not json)";
    simdjson::dom::element v;
    if (root.at_pointer(pointer).get(v) != simdjson::SUCCESS) return "null";
    std::string_view s;
    if (v.get_string().get(s) == simdjson::SUCCESS) return std::string(s);
    return simdjson::minify(v);
}

core::config test_config() {
    core::config cfg;
    cfg.auth.jwt_secret = k_secret;
    cfg.limits.message_burst = 3;
    cfg.limits.messages_per_minute = 60;
    cfg.limits.rate_limit_strikes = 2;
    cfg.limits.subscriptions_per_connection = 4;
    cfg.hub.ack_timeout_ms = 1000;
    cfg.hub.ack_max_retries = 2;
    return cfg;
}

auth::jwt_key_config key() {
    auth::jwt_key_config k;
    k.secret = k_secret;
    return k;
}

class session_test : public ::testing::Test {
protected:
    // A session on `dialect` for `who`, started now; the transport records what it sends.
    session& open(auth::principal who, protocol::dialect_id dialect = protocol::dialect_id::v1,
                  bool anonymous = false) {
        session_.emplace(ctx, 0, out, std::move(who), 7, dialects.get(dialect), std::string(), anonymous);
        session_->start(core::unix_ms());
        return *session_;
    }

    static auth::principal admin(std::int64_t expires_in_s = 3600) {
        return {"a1", auth::role::admin, "s1", {}, core::unix_seconds() + expires_in_s};
    }

    hub::event_ptr publish(std::string channel, std::string type, std::string data = R"({"orderId":"o1"})") {
        auto ev = hub.publish({std::move(channel), std::move(type), std::move(data)});
        hub.drain(0);
        return ev;
    }

    void send(std::string_view text, std::int64_t now_ms = core::unix_ms()) {
        session_->on_text(text, now_ms);
    }

    core::config cfg = test_config();
    manual_dispatcher dispatcher;
    protocol::dialect_registry dialects{cfg};
    protocol::event_renderer renderer{dialects};
    hub::hub hub{hub::hub_options{.epoch = "e1"}, 1, dispatcher, std::ref(renderer)};
    auth::jwt_verifier verifier{key()};
    auth::permission_rules permissions;
    auth::default_ownership_hook ownership;
    connection_registry registry{{100, 100, 100}};
    no_domain_command_handler commands;
    session_context ctx{cfg, hub, verifier, permissions, ownership, registry, commands, dialects};
    recording_transport out;
    std::optional<session> session_;  // destroyed before the hub
};

TEST_F(session_test, connect_joins_the_roles_channels_and_says_so_in_connection_established) {
    open({"c1", auth::role::customer, "s1", {}, core::unix_seconds() + 3600});
    auto texts = out.take_texts();
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(field(texts[0], "/type"), "connection_established");
    EXPECT_EQ(field(texts[0], "/data/connectionId"), "conn_7");
    EXPECT_EQ(field(texts[0], "/data/channels"), R"(["orders:customer:c1","user:c1"])");
    EXPECT_EQ(field(texts[0], "/data/limits/subscriptionsPerConnection"), "4");
    EXPECT_EQ(session_->subscription_count(), 2u) << "automatic channels do not count against the limit";
}

TEST_F(session_test, a_delivered_event_is_the_renderers_frame_shared_not_copied) {
    open(admin());
    out.take_texts();
    send(R"({"type":"subscribe","messageId":"m1","data":{"channels":["order:o1"]}})");
    auto texts = out.take_texts();
    ASSERT_EQ(texts.size(), 2u);
    EXPECT_EQ(field(texts[0], "/type"), "subscription_confirmed");
    EXPECT_EQ(field(texts[0], "/data/channels"), R"(["order:o1"])");
    EXPECT_EQ(field(texts[1], "/type"), "message_acknowledged");

    auto ev = publish("order:o1", "order_note_added");
    ASSERT_EQ(out.frames.size(), 1u);
    const hub::rendered_frame* v1 = ev->rendering(protocol::rendering_slot(protocol::dialect_id::v1));
    ASSERT_NE(v1, nullptr);
    EXPECT_EQ(out.frames[0].shared.get(), v1->bytes.get()) << "one frame for every subscriber";
    EXPECT_EQ(field(std::string(v1->payload()), "/seq"), "1");
}

TEST_F(session_test, a_resume_from_a_position_replays_what_was_missed_inside_message_replay) {
    for (int i = 0; i < 3; ++i) publish("user:u1", "notice", R"({"n":)" + std::to_string(i) + "}");
    const std::string epoch = hub.channel_epoch("user:u1");
    open(admin());
    out.take_texts();
    send(R"({"type":"subscribe","data":{"channels":["user:u1"],"positions":{"user:u1":{"seq":1,"epoch":")" +
         epoch + R"("}}}})");
    auto texts = out.take_texts();
    ASSERT_EQ(texts.size(), 2u);
    EXPECT_EQ(field(texts[0], "/data/recovered"), "true");
    EXPECT_EQ(field(texts[0], "/data/positions/user:u1/seq"), "3");
    EXPECT_EQ(field(texts[1], "/type"), "message_replay");
    EXPECT_EQ(field(texts[1], "/data/messages/0/seq"), "2");
    EXPECT_EQ(field(texts[1], "/data/messages/1/data"), R"({"n":2})");
    EXPECT_EQ(field(texts[1], "/data/hasMore"), "false");
}

TEST_F(session_test, a_reconnect_gets_message_replay_even_when_nothing_was_missed) {
    auto last = publish("user:u1", "notice", "{}");
    open(admin());
    out.take_texts();
    send(R"({"type":"reconnect","data":{"lastMessageId":")" + last->message_id +
         R"(","channels":["user:u1"]}})");
    auto texts = out.take_texts();
    ASSERT_EQ(texts.size(), 2u);
    EXPECT_EQ(field(texts[0], "/data/recovered"), "true");
    EXPECT_EQ(field(texts[1], "/type"), "message_replay");
    EXPECT_EQ(field(texts[1], "/data/messages"), "[]");
    EXPECT_EQ(field(texts[1], "/data/fromMessageId"), last->message_id);
}

TEST_F(session_test, an_unacknowledged_critical_event_is_sent_again_until_acknowledged) {
    open(admin());
    send(R"({"type":"subscribe","data":{"channels":["order:o1"]}})");
    out.take_texts();
    auto ev = publish("order:o1", "order_status_changed");
    ASSERT_TRUE(ev->requires_ack);
    ASSERT_EQ(out.frames.size(), 1u);
    out.frames.clear();

    const std::int64_t due = core::unix_ms() + cfg.hub.ack_timeout_ms + 1;
    session_->tick(due);
    ASSERT_EQ(out.frames.size(), 1u) << "sent again after hub.ack_timeout_ms";
    EXPECT_EQ(out.frames[0].shared, ev->renderings[0].bytes);
    out.frames.clear();

    send(R"({"type":"ack","data":{"messageIds":[")" + ev->message_id + R"("]}})");
    session_->tick(due + 10 * cfg.hub.ack_timeout_ms);
    EXPECT_TRUE(out.frames.empty()) << "acknowledged: never again";
}

TEST_F(session_test, the_rate_limit_refuses_past_the_burst_then_closes_after_the_strikes) {
    open(admin());
    out.take_texts();
    const std::int64_t now = core::unix_ms();
    for (int i = 0; i < 3; ++i) send(R"({"type":"ping"})", now);
    EXPECT_EQ(out.take_texts().size(), 3u) << "three pongs within the burst";

    send(R"({"type":"ping","messageId":"m9"})", now);
    auto texts = out.take_texts();
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(field(texts[0], "/type"), "message_error");
    EXPECT_EQ(field(texts[0], "/data/messageId"), "m9");
    EXPECT_EQ(field(texts[0], "/data/error/code"), "RATE_LIMIT_EXCEEDED");
    EXPECT_EQ(field(texts[0], "/data/error/retryAfter"), "1");
    EXPECT_FALSE(out.closed);

    send(R"({"type":"ping"})", now);
    ASSERT_TRUE(out.closed) << "limits.rate_limit_strikes refusals close the connection";
    EXPECT_EQ(out.closed->first, 1008);
    EXPECT_EQ(out.closed->second, "RATE_LIMIT_EXCEEDED");
}

TEST_F(session_test, a_token_is_announced_as_expiring_then_the_connection_closes_when_it_expires) {
    open(admin(30));
    send(R"({"type":"subscribe","data":{"channels":["order:o1"]}})");
    out.take_texts();
    session_->tick(core::unix_ms());
    auto texts = out.take_texts();
    ASSERT_EQ(texts.size(), 1u) << "within auth.token_expiring_notice_s";
    EXPECT_EQ(field(texts[0], "/type"), "token_expiring");
    session_->tick(core::unix_ms());
    EXPECT_TRUE(out.take_texts().empty()) << "announced once";

    session_->tick(core::unix_ms() + 31'000);
    texts = out.take_texts();
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(field(texts[0], "/data/code"), "TOKEN_EXPIRED");
    ASSERT_TRUE(out.closed);
    EXPECT_EQ(out.closed->first, 1008);
    publish("order:o1", "order_note_added");
    EXPECT_TRUE(out.frames.empty()) << "an expired connection left its channels";
}

TEST_F(session_test, the_subscription_limit_is_a_typed_failure_each_dialect_words_its_own_way) {
    open(admin());
    out.take_texts();
    send(
        R"({"type":"subscribe","messageId":"m1","data":{"channels":["user:1","user:2","user:3","user:4","user:5"]}})");
    auto texts = out.take_texts();
    ASSERT_EQ(texts.size(), 2u);
    EXPECT_EQ(field(texts[0], "/data/failed"), R"([{"channel":"user:5","reason":"subscription_limit"}])");
    EXPECT_EQ(field(texts[1], "/type"), "message_error");
    EXPECT_EQ(field(texts[1], "/data/error/code"), "SUBSCRIPTION_LIMIT");
}

TEST_F(session_test, a_seed_dialect_gets_its_own_frames_once_per_change) {
    open({"m1", auth::role::manager, "s1", {}, core::unix_seconds() + 3600}, protocol::dialect_id::factory);
    out.take_texts();
    send(R"({"action":"ping"})");
    auto texts = out.take_texts();
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(field(texts[0], "/type"), "pong");
    // The manager holds site:s1:orders and order:o1: one change published on both arrives once.
    send(R"({"action":"subscribe","order_id":"o1"})");
    texts = out.take_texts();
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(field(texts[0], "/type"), "subscribed");
    const std::string data = R"({"orderId":"o1","order":{"status":"ready","progress":10}})";
    publish("site:s1:orders", "order_progress", data);
    publish("order:o1", "order_progress", data);
    ASSERT_EQ(out.frames.size(), 1u);
    ASSERT_TRUE(out.frames[0].shared);
    const std::string_view frame = *out.frames[0].shared;
    EXPECT_NE(frame.find(R"("type":"order_update")"), std::string_view::npos) << frame;
}

TEST_F(session_test, a_seed_dialect_drops_frames_over_the_rate_unread_and_v1_reads_them_first) {
    open({"m1", auth::role::manager, "s1", {}, core::unix_seconds() + 3600}, protocol::dialect_id::factory);
    out.take_texts();
    const std::int64_t now = core::unix_ms();
    const int burst = dialects.get(protocol::dialect_id::factory).limits().message_burst;
    for (int i = 0; i < burst; ++i) send(R"({"action":"ping"})", now);
    out.take_texts();
    send("{nope", now);
    auto texts = out.take_texts();
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(field(texts[0], "/type"), "warning") << "over the rate: dropped with a warning, not read";
    EXPECT_FALSE(out.closed);

    session_.reset();
    out.closed.reset();
    open(admin());
    out.take_texts();
    for (int i = 0; i < cfg.limits.message_burst; ++i) send(R"({"type":"ping"})", now);
    out.take_texts();
    send("{nope", now);
    ASSERT_TRUE(out.closed) << "/v1 reads first: not JSON closes whatever the rate";
    EXPECT_EQ(out.closed->first, 1003);
}

}  // namespace
}  // namespace ordercast::session

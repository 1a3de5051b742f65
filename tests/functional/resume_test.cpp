// Resuming a subscription: by positions or by the last messageId, every missed event is
// replayed in order, then live events follow with no gap and no duplicate — while a
// publisher keeps publishing. When history does not reach back, recovered is false.
#include "support/server_fixture.hpp"
#include "support/temp_dir.hpp"

#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

namespace ordercast::test {
namespace {

using clock_type = std::chrono::steady_clock;
constexpr const char* k_channel = "site:s1:orders";

// Publishes to one channel over HTTP from its own thread until stopped.
class background_publisher {
public:
    background_publisher(http_options options, std::string token, std::string channel)
        : options_(std::move(options)), token_(std::move(token)), channel_(std::move(channel)) {
        thread_ = std::thread([this] { run(); });
    }
    ~background_publisher() { stop(); }

    // Stops publishing and waits for the last request to finish.
    void stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    std::int64_t last_seq() const { return last_seq_; }
    int published() const { return published_; }
    std::string error() const {
        std::lock_guard lock(mu_);
        return error_;
    }

private:
    void run() {
        http_client client(options_);
        auto deadline = clock_type::now() + 15s;
        for (int i = 0; !stop_ && clock_type::now() < deadline; ++i) {
            auto res =
                client.post_json("/api/v1/publish",
                                 R"({"channel":")" + channel_ + R"(","type":"order_progress","data":{"n":)" +
                                     std::to_string(i) + "}}",
                                 token_);
            if (res.status != 200) {
                std::lock_guard lock(mu_);
                error_ = std::to_string(res.status) + " " + res.body + res.error;
                return;
            }
            last_seq_ = res.json().i64("/seq").value_or(-1);
            ++published_;
            std::this_thread::sleep_for(2ms);
        }
    }

    http_options options_;
    std::string token_;
    std::string channel_;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::atomic<std::int64_t> last_seq_{0};
    std::atomic<int> published_{0};
    mutable std::mutex mu_;
    std::string error_;
};

class resume : public server_test {
protected:
    struct position {
        std::int64_t seq = 0;
        std::string epoch;
        std::string message_id;
    };

    // Receives events of k_channel until at least `count` arrived; returns the last one.
    position follow(ws_client& client, int count) {
        position last;
        int seen = 0;
        auto deadline = clock_type::now() + 10s;
        while (seen < count && clock_type::now() < deadline) {
            auto f = client.receive(1s);
            if (!f || f->str("/channel") != k_channel || !f->i64("/seq")) continue;
            ++seen;
            last = {*f->i64("/seq"), f->str("/epoch").value_or(""), f->str("/messageId").value_or("")};
        }
        if (seen < count) throw std::runtime_error("only " + std::to_string(seen) + " live events arrived");
        return last;
    }

    // The common scenario: follow live, drop the connection, miss events, resume with
    // `resume_frame` built from the last position, and check the stitched stream.
    void check_gapless_resume(const std::function<std::string(const position&)>& resume_frame) {
        start_server();
        background_publisher publisher(http_opts(), service_token(), k_channel);

        auto first = connect(token("m1", "manager", "s1"));
        subscribe(*first, {k_channel});
        auto last = follow(*first, 20);
        first.reset();  // the connection drops; the publisher goes on
        // Events it misses: a few published past the last one it saw.
        ASSERT_TRUE(eventually([&] { return publisher.last_seq() >= last.seq + 5; }, 5s))
            << "the publisher stopped at " << publisher.last_seq() << ": " << publisher.error();

        auto second = connect(token("m1", "manager", "s1"));
        ASSERT_TRUE(second->send(resume_frame(last)));

        std::vector<json_value> frames;
        std::vector<std::int64_t> seqs;
        std::set<std::string> ids;
        bool confirmed = false, live_started = false, more_expected = false;
        std::size_t replayed = 0;
        auto take_event = [&](const json_value& e, bool from_replay) {
            EXPECT_EQ(e.str("/channel"), k_channel) << e.dump();
            EXPECT_EQ(e.str("/epoch"), last.epoch) << e.dump();
            EXPECT_TRUE(e.str("/type")) << e.dump();
            auto id = e.str("/messageId");
            ASSERT_TRUE(id) << e.dump();
            EXPECT_TRUE(ids.insert(*id).second) << "duplicate messageId " << *id;
            seqs.push_back(e.i64("/seq").value_or(-1));
            if (from_replay) ++replayed;
        };

        auto deadline = clock_type::now() + 12s;
        bool stopped = false;
        auto stop_after = clock_type::now() + 700ms;
        while (clock_type::now() < deadline) {
            // Publishing goes on across the resume until live events follow the replay (a
            // loaded server may take longer than 700 ms to answer the resume).
            if (!stopped && live_started && clock_type::now() >= stop_after) {
                publisher.stop();
                stopped = true;
            }
            if (stopped && !seqs.empty() && seqs.back() >= publisher.last_seq()) break;
            auto f = second->receive(200ms);
            if (!f) {
                ASSERT_TRUE(second->is_open()) << "closed " << second->close_status().code;
                continue;
            }
            frames.push_back(*f);
            auto type = f->str("/type").value_or("");
            if (type == "subscription_confirmed") {
                EXPECT_FALSE(confirmed) << "confirmed twice";
                confirmed = true;
                EXPECT_EQ(f->boolean("/data/recovered"), true) << f->dump();
                auto channels = f->strings("/data/channels");
                EXPECT_NE(std::find(channels.begin(), channels.end(), k_channel), channels.end())
                    << f->dump();
            } else if (type == "message_replay") {
                ASSERT_TRUE(confirmed) << "message_replay before subscription_confirmed";
                EXPECT_FALSE(live_started) << "a replay arrived after live events had started";
                for (const auto& e : f->items("/data/messages")) take_event(e, true);
                more_expected = f->boolean("/data/hasMore").value_or(false);
                EXPECT_TRUE(f->has("/data/fromMessageId")) << f->dump().substr(0, 300);
                EXPECT_TRUE(f->has("/data/toMessageId")) << f->dump().substr(0, 300);
            } else if (f->str("/channel") == k_channel) {
                ASSERT_TRUE(confirmed) << "live event before subscription_confirmed: " << f->dump();
                EXPECT_FALSE(more_expected) << "live event while hasMore promised another replay";
                live_started = true;
                take_event(*f, false);
            }
        }
        ASSERT_TRUE(publisher.error().empty()) << publisher.error();
        ASSERT_TRUE(confirmed) << describe(frames);
        EXPECT_GT(replayed, 0u) << "events published while disconnected were not replayed";
        EXPECT_TRUE(live_started) << "no live event after the replay";
        ASSERT_FALSE(seqs.empty());
        EXPECT_EQ(seqs.front(), last.seq + 1) << "first event after the resume point";
        EXPECT_EQ(seqs.back(), publisher.last_seq()) << "the stream did not reach the last published event";
        for (std::size_t i = 1; i < seqs.size(); ++i)
            ASSERT_EQ(seqs[i], seqs[i - 1] + 1)
                << "gap or duplicate at index " << i << " (replayed " << replayed << ")";
    }

    // Publishes `n` events on k_channel and returns the last response.
    json_value publish_n(int n) {
        json_value last;
        for (int i = 0; i < n; ++i)
            last = publish(k_channel, "order_progress", "{\"n\":" + std::to_string(i) + "}");
        return last;
    }

    static std::string positions_frame(const std::string& channel, std::int64_t seq,
                                       const std::string& epoch) {
        return R"({"type":"subscribe","data":{"channels":[")" + channel + R"("],"positions":{")" + channel +
               R"(":{"seq":)" + std::to_string(seq) + R"(,"epoch":)" + json_quote(epoch) + "}}}}";
    }
};

TEST_F(resume, resume_by_positions_replays_missed_events_without_gap_or_duplicate) {
    check_gapless_resume([](const position& p) { return positions_frame(k_channel, p.seq, p.epoch); });
}

TEST_F(resume, reconnect_by_last_message_id_replays_missed_events_without_gap_or_duplicate) {
    check_gapless_resume([](const position& p) {
        return R"({"type":"reconnect","data":{"lastMessageId":)" + json_quote(p.message_id) +
               R"(,"channels":[")" + k_channel + R"("]}})";
    });
}

TEST_F(resume, resume_within_history_is_recovered_with_the_exact_missed_events) {
    start_server({{"ORDERCAST_HUB_HISTORY_EVENTS", "5"}});
    auto last = publish_n(20);
    auto client = connect(token("m1", "manager", "s1"));
    ASSERT_TRUE(client->send(positions_frame(k_channel, 17, last.str("/epoch").value_or(""))));
    auto confirmed = client->receive_type("subscription_confirmed", k_frame_timeout);
    ASSERT_TRUE(confirmed);
    EXPECT_EQ(confirmed->boolean("/data/recovered"), true) << confirmed->dump();
    std::vector<std::int64_t> seqs;
    while (seqs.size() < 3) {
        auto replay = client->receive_type("message_replay", k_frame_timeout);
        ASSERT_TRUE(replay) << "replayed only " << seqs.size();
        for (const auto& e : replay->items("/data/messages")) seqs.push_back(e.i64("/seq").value_or(-1));
    }
    EXPECT_EQ(seqs, (std::vector<std::int64_t>{18, 19, 20}));
}

TEST_F(resume, resume_beyond_history_reports_recovered_false_and_continues_live) {
    start_server({{"ORDERCAST_HUB_HISTORY_EVENTS", "5"}});
    auto last = publish_n(20);
    ASSERT_EQ(last.i64("/seq"), 20);
    auto client = connect(token("m1", "manager", "s1"));
    ASSERT_TRUE(client->send(positions_frame(k_channel, 2, last.str("/epoch").value_or(""))));
    auto confirmed = client->receive_type("subscription_confirmed", k_frame_timeout);
    ASSERT_TRUE(confirmed);
    EXPECT_EQ(confirmed->boolean("/data/recovered"), false) << "history holds 5 events, 18 were missed";

    auto next = publish(k_channel, "order_progress", "{}");
    std::vector<json_value> skipped;
    auto live = client->receive_type("order_progress", k_frame_timeout, &skipped);
    // Any replayed prefix is allowed; the new event must arrive live.
    while (live && live->i64("/seq") != next.i64("/seq"))
        live = client->receive_type("order_progress", k_frame_timeout);
    EXPECT_TRUE(live) << "no live events after recovered:false; " << describe(skipped);
}

TEST_F(resume, resume_with_a_wrong_epoch_reports_recovered_false) {
    start_server();
    publish_n(3);
    auto client = connect(token("m1", "manager", "s1"));
    ASSERT_TRUE(client->send(positions_frame(k_channel, 1, "0badepoch")));
    auto confirmed = client->receive_type("subscription_confirmed", k_frame_timeout);
    ASSERT_TRUE(confirmed);
    EXPECT_EQ(confirmed->boolean("/data/recovered"), false) << confirmed->dump();
}

TEST_F(resume, reconnect_with_an_unknown_message_id_reports_recovered_false) {
    start_server();
    publish_n(3);
    auto client = connect(token("m1", "manager", "s1"));
    ASSERT_TRUE(
        client->send(R"({"type":"reconnect","data":{"lastMessageId":"no-such-message","channels":[")" +
                     std::string(k_channel) + R"("]}})"));
    auto confirmed = client->receive_type("subscription_confirmed", k_frame_timeout);
    ASSERT_TRUE(confirmed);
    EXPECT_EQ(confirmed->boolean("/data/recovered"), false) << confirmed->dump();
}

// A customer joins orders:customer:{sub} automatically on connect, so a resume names a
// channel the connection already holds: it must still get exactly what it missed.
TEST_F(resume, resume_on_an_automatically_joined_channel_replays_what_was_missed) {
    start_server();
    const std::string channel = "orders:customer:c1";
    const auto first = publish(channel, "order_note_added", R"({"n":1})");
    const std::string epoch = first.str("/epoch").value_or("");
    std::int64_t latest = 1;
    for (int n = 2; n <= 4; ++n)
        latest = publish(channel, "order_note_added", R"({"n":)" + std::to_string(n) + "}")
                     .i64("/seq")
                     .value_or(-1);
    for (bool by_message_id : {false, true}) {
        SCOPED_TRACE(by_message_id ? "reconnect by lastMessageId" : "subscribe with positions");
        auto client = connect(token("c1", "customer", "s1"));
        std::string request = by_message_id ? R"({"type":"reconnect","data":{"lastMessageId":")" +
                                                  first.str("/messageId").value_or("") +
                                                  R"(","channels":[")" + channel + R"("]}})"
                                            : positions_frame(channel, 1, epoch);
        ASSERT_TRUE(client->send(request));
        auto confirmed = client->receive_type("subscription_confirmed", k_frame_timeout);
        ASSERT_TRUE(confirmed);
        EXPECT_EQ(confirmed->boolean("/data/recovered"), true) << confirmed->dump();
        std::vector<std::int64_t> expected;
        for (std::int64_t seq = 2; seq <= latest; ++seq) expected.push_back(seq);
        std::vector<std::int64_t> seqs;
        while (seqs.size() < expected.size()) {
            auto replay = client->receive_type("message_replay", k_frame_timeout);
            ASSERT_TRUE(replay) << "replayed only " << seqs.size();
            for (const auto& e : replay->items("/data/messages")) seqs.push_back(e.i64("/seq").value_or(-1));
        }
        EXPECT_EQ(seqs, expected);
        // Live delivery continues after the replay, without repeating it.
        auto live = publish(channel, "order_note_added", R"({"n":"live"})");
        latest = live.i64("/seq").value_or(-1);
        auto next = client->receive_type("order_note_added", k_frame_timeout);
        ASSERT_TRUE(next);
        EXPECT_EQ(next->i64("/seq"), live.i64("/seq"));
        client->close();
    }
}

TEST_F(resume, resume_at_the_latest_position_replays_nothing) {
    start_server();
    auto last = publish_n(3);
    auto client = connect(token("m1", "manager", "s1"));
    ASSERT_TRUE(client->send(positions_frame(k_channel, 3, last.str("/epoch").value_or(""))));
    auto confirmed = client->receive_type("subscription_confirmed", k_frame_timeout);
    ASSERT_TRUE(confirmed);
    EXPECT_EQ(confirmed->boolean("/data/recovered"), true) << confirmed->dump();
    auto next = publish(k_channel, "order_progress", "{}");
    std::vector<json_value> before;
    auto live = client->receive_type("order_progress", k_frame_timeout, &before);
    ASSERT_TRUE(live);
    EXPECT_EQ(live->i64("/seq"), 4);
    for (const auto& f : before)
        EXPECT_TRUE(f.str("/type") != "message_replay" || f.items("/data/messages").empty())
            << "replayed events the client already had: " << f.dump();
}

TEST_F(resume, restart_never_reuses_an_epoch_and_seq_pair) {
    temp_dir data("ordercast-data");
    start_server({}, {}, data.path().string());
    auto before = publish_n(3);
    start_server({}, {}, data.path().string());  // restart on the same data directory
    auto after = publish(k_channel, "order_progress", "{}");
    ASSERT_TRUE(before.str("/epoch") && after.str("/epoch"));
    if (*before.str("/epoch") == *after.str("/epoch")) {
        EXPECT_GT(after.i64("/seq").value_or(0), before.i64("/seq").value_or(0))
            << "same epoch after restart but the seq went back: clients would skip events";
    } else {
        auto client = connect(token("m1", "manager", "s1"));
        ASSERT_TRUE(client->send(positions_frame(k_channel, 3, *before.str("/epoch"))));
        auto confirmed = client->receive_type("subscription_confirmed", k_frame_timeout);
        ASSERT_TRUE(confirmed);
        EXPECT_EQ(confirmed->boolean("/data/recovered"), false) << "history was lost with the restart";
    }
}

}  // namespace
}  // namespace ordercast::test

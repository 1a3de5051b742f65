// A reader that stops reading is closed (1013) once its bounded outbound queue is full;
// it never slows down the other subscribers of the same channel, and it never sees a gap.
#include "support/server_fixture.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

namespace ordercast::test {
namespace {

using clock_type = std::chrono::steady_clock;
constexpr const char* k_channel = "site:s1:general";

class slow_consumer : public server_test {};

// Checks that `seqs` is exactly first, first+1, …, last.
::testing::AssertionResult contiguous(const std::vector<std::int64_t>& seqs) {
    for (std::size_t i = 1; i < seqs.size(); ++i)
        if (seqs[i] != seqs[i - 1] + 1)
            return ::testing::AssertionFailure() << "seq " << seqs[i - 1] << " is followed by " << seqs[i];
    return ::testing::AssertionSuccess();
}

TEST_F(slow_consumer, stalled_reader_is_closed_while_a_fast_reader_keeps_up) {
    start_server({{"ORDERCAST_LIMITS_OUTBOUND_QUEUE_BYTES", "65536"},
                  {"ORDERCAST_LIMITS_OUTBOUND_QUEUE_MESSAGES", "64"},
                  {"ORDERCAST_LIMITS_MESSAGES_PER_MINUTE", "100000"}});

    auto slow_options = ws_opts("/v1?token=" + token("slow", "manager", "s1"));
    slow_options.receive_buffer_bytes = 4096;
    auto slow = connect_raw(slow_options);
    ASSERT_TRUE(slow->receive_type("connection_established", k_frame_timeout));
    subscribe(*slow, {k_channel});
    // From here on the slow client reads nothing until the publishing is over.

    auto fast = connect(token("fast", "manager", "s1"));
    subscribe(*fast, {k_channel});

    std::mutex mu;
    std::map<std::int64_t, clock_type::time_point> published_at;
    std::map<std::int64_t, clock_type::time_point> received_at;
    std::vector<std::int64_t> fast_seqs;
    std::atomic<bool> stop{false};
    std::thread reader([&] {
        auto deadline = clock_type::now() + 20s;
        while (!stop && clock_type::now() < deadline) {
            auto f = fast->receive(200ms);
            if (!f) {
                if (!fast->is_open()) break;
                continue;
            }
            if (f->str("/channel") != k_channel) continue;
            auto seq = f->i64("/seq");
            if (!seq) continue;
            std::lock_guard lock(mu);
            fast_seqs.push_back(*seq);
            received_at[*seq] = clock_type::now();
            if (f->str("/type") == "end_of_test") break;
        }
    });
    // Joins the reader even when a publish throws.
    struct joiner {
        std::atomic<bool>& stop;
        std::thread& thread;
        ~joiner() {
            stop = true;
            if (thread.joinable()) thread.join();
        }
    } join_reader{stop, reader};

    const std::string payload = R"({"pad":")" + std::string(2048, 'p') + "\"}";
    http_client publisher(http_opts());
    auto publish_one = [&](const std::string& type) -> std::int64_t {
        auto res = publisher.post_json("/api/v1/publish",
                                       R"({"channel":")" + std::string(k_channel) + R"(","type":")" + type +
                                           R"(","data":)" + payload + "}",
                                       service_token());
        if (res.status != 200)
            throw std::runtime_error("publish failed: " + std::to_string(res.status) + " " + res.body);
        auto seq = res.json().i64("/seq").value_or(-1);
        std::lock_guard lock(mu);
        published_at[seq] = clock_type::now();
        return seq;
    };

    // The publisher waits (boundedly) for the fast reader to come within a few events, so that
    // on a machine starved of CPU the fast reader — a test thread — never falls a queue's worth
    // behind and is not itself closed as slow: only the reader that reads nothing may be.
    auto fast_caught_up = [&](std::int64_t seq) {
        return eventually(
            [&] {
                std::lock_guard lock(mu);
                return !fast_seqs.empty() && fast_seqs.back() + 8 >= seq;
            },
            2000ms, 1ms);
    };
    std::int64_t first_seq = -1;
    double closes = 0;
    int published = 0;
    auto publish_deadline = clock_type::now() + 12s;
    while (published < 4000 && clock_type::now() < publish_deadline) {
        auto seq = publish_one("tick");
        if (first_seq < 0) first_seq = seq;
        ++published;
        fast_caught_up(seq);
        if (published % 50 == 0) {
            closes = metric_value(metrics_text(), "ordercast_slow_consumer_closes_total").value_or(0);
            if (closes >= 1) break;
        }
    }
    // The fast reader must keep receiving after the slow one is gone.
    for (int i = 0; i < 50; ++i) fast_caught_up(publish_one("tick"));
    auto last_seq = publish_one("end_of_test");
    reader.join();  // ends at end_of_test, or at its own deadline

    EXPECT_GE(closes, 1) << "no slow-consumer close after " << published << " events of 2 KB";

    {
        std::lock_guard lock(mu);
        ASSERT_FALSE(fast_seqs.empty());
        EXPECT_EQ(fast_seqs.front(), first_seq);
        EXPECT_EQ(fast_seqs.back(), last_seq) << "the fast reader did not receive everything";
        EXPECT_TRUE(contiguous(fast_seqs));
        auto worst = clock_type::duration::zero();
        for (const auto& [seq, at] : received_at) {
            auto p = published_at.find(seq);
            if (p != published_at.end()) worst = std::max(worst, at - p->second);
        }
        EXPECT_LT(worst, 2s) << "a fast reader waited "
                             << std::chrono::duration_cast<std::chrono::milliseconds>(worst).count()
                             << " ms for an event while another reader was stalled";
    }

    // Now drain the slow reader: whatever it got is a gap-free prefix, then the close.
    std::vector<json_value> frames;
    auto closed = slow->wait_closed(10s, &frames);
    EXPECT_TRUE(closed.closed) << "the stalled connection was never closed by the server";
    if (closed.code != 0) {
        EXPECT_EQ(closed.code, 1013) << closed.reason;
    }
    std::vector<std::int64_t> slow_seqs;
    for (const auto& f : frames)
        if (f.str("/channel") == k_channel && f.i64("/seq")) slow_seqs.push_back(*f.i64("/seq"));
    EXPECT_TRUE(contiguous(slow_seqs)) << "events were dropped instead of closing the slow reader";
    if (!slow_seqs.empty()) {
        EXPECT_EQ(slow_seqs.front(), first_seq);
    }
    EXPECT_LT(slow_seqs.size(), static_cast<std::size_t>(last_seq - first_seq + 1))
        << "the slow reader got everything: it was never really stalled";
}

}  // namespace
}  // namespace ordercast::test

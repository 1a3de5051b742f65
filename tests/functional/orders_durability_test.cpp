// Durability: 2,000 orders created by concurrent clients while the server is killed with
// SIGKILL at a random moment. After a restart on the same data directory every order that
// was answered 2xx is there, byte for byte; clients that retry their unanswered creates with
// the same Idempotency-Key end with exactly one order per create.
#include "functional/orders_fixture.hpp"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <thread>

namespace ordercast::test {
namespace {

constexpr int k_total = 2000;
constexpr int k_clients = 4;

struct attempt {
    std::string body;
    std::string answer;  // the 201 body, when one came
    std::string id;
};

class orders_durability : public orders_test {};

TEST_F(orders_durability, every_order_answered_2xx_survives_kill_9_and_retries_create_each_order_once) {
    temp_dir data("ordercast-durability");
    start_server({{"ORDERCAST_SERVER_THREADS", "2"}}, {}, data.path().string());
    const unsigned seed = std::random_device{}();
    std::mt19937 rng(seed);
    const int kill_after = std::uniform_int_distribution<int>(100, k_total - 300)(rng);
    SCOPED_TRACE("seed " + std::to_string(seed) + ", SIGKILL after " + std::to_string(kill_after) +
                 " answers");

    std::vector<attempt> attempts(k_total);
    for (int i = 0; i < k_total; ++i)
        attempts[static_cast<std::size_t>(i)].body =
            R"({"number":"D-)" + std::to_string(i) + R"(","customerId":"cust-)" + std::to_string(i % 37) +
            R"(","items":[{"name":"item )" + std::to_string(i) + R"(","quantity":)" +
            std::to_string(1 + i % 5) + R"(}],"totalAmount":)" + std::to_string(i) +
            R"(.25,"attributes":{"measurements":{"chest":)" + std::to_string(80 + i % 40) + "}}}";
    const std::string bearer = staff();

    // Each client creates its share in order and stops at the first request without an
    // answer; `next[c]` is where it resumes.
    std::array<int, k_clients> next{};
    std::atomic<int> answered{0};
    auto run_clients = [&](std::uint16_t port, bool until_failure) {
        std::vector<std::thread> threads;
        for (int c = 0; c < k_clients; ++c) {
            threads.emplace_back([&, c, port, until_failure] {
                http_options o;
                o.port = port;
                http_client client(o);
                for (int& i = next[static_cast<std::size_t>(c)]; c + i * k_clients < k_total; ++i) {
                    auto& a = attempts[static_cast<std::size_t>(c + i * k_clients)];
                    auto res =
                        client.request("POST", "/api/v1/orders", a.body,
                                       {{"Content-Type", "application/json"},
                                        {"Authorization", "Bearer " + bearer},
                                        {"Idempotency-Key", "durable-" + std::to_string(c + i * k_clients)}});
                    if (res.status == 0) {
                        if (until_failure) return;
                        ADD_FAILURE() << "no answer after the restart: " << res.error;
                        return;
                    }
                    if (res.status != 201) {
                        ADD_FAILURE() << "create answered " << res.status << " " << res.body;
                        return;
                    }
                    // A replayed answer after the restart is the first answer, which was lost
                    // with the connection: it counts as this attempt's answer.
                    a.answer = res.body;
                    a.id = res.json().str("/id").value_or("");
                    answered.fetch_add(1);
                }
            });
        }
        return threads;
    };

    auto started = std::chrono::steady_clock::now();
    auto phase1 = run_clients(server().port(), true);
    while (answered.load() < kill_after) std::this_thread::sleep_for(std::chrono::microseconds(200));
    server().kill_hard();
    for (auto& t : phase1) t.join();
    const int before_kill = answered.load();
    auto killed_at = std::chrono::steady_clock::now();
    std::map<int, std::string> answered_before_kill;
    for (int i = 0; i < k_total; ++i)
        if (!attempts[static_cast<std::size_t>(i)].answer.empty())
            answered_before_kill[i] = attempts[static_cast<std::size_t>(i)].answer;

    start_server({{"ORDERCAST_SERVER_THREADS", "2"}}, {}, data.path().string());
    auto phase2 = run_clients(server().port(), false);
    for (auto& t : phase2) t.join();
    auto finished = std::chrono::steady_clock::now();
    std::printf("durability: %d answered before SIGKILL in %lld ms; %d creates in all in %lld ms\n",
                before_kill,
                static_cast<long long>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(killed_at - started).count()),
                answered.load(),
                static_cast<long long>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(finished - started).count()));
    ASSERT_EQ(answered.load(), k_total);

    // Every order answered before the kill is there, exactly as answered.
    for (const auto& [i, answer] : answered_before_kill) {
        auto id = json_value::parse(answer).str("/id").value_or("");
        auto got = call("GET", "/api/v1/orders/" + id, admin());
        ASSERT_EQ(got.status, 200u) << "order " << i << " (" << id
                                    << ") was answered 201 but is gone: " << got.body;
        EXPECT_EQ(got.body, answer) << "order " << i << " changed across the crash";
    }
    // One order per create: page through everything.
    std::set<std::string> ids, numbers;
    std::string cursor;
    for (;;) {
        auto page =
            call("GET", "/api/v1/orders?limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor), admin())
                .json();
        for (const auto& o : page.items("/orders")) {
            ids.insert(o.str("/id").value_or(""));
            numbers.insert(o.str("/number").value_or(""));
        }
        auto next_cursor = page.str("/nextCursor");
        if (!next_cursor) break;
        cursor = *next_cursor;
    }
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(k_total));
    EXPECT_EQ(numbers.size(), static_cast<std::size_t>(k_total));
    for (const auto& a : attempts) EXPECT_TRUE(ids.count(a.id)) << a.id;
}

}  // namespace
}  // namespace ordercast::test

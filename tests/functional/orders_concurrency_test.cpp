// Two clients patch one order at once with If-Match: one wins, the other gets 409
// VERSION_CONFLICT, and after the loser re-reads and retries nothing is lost.
#include "functional/orders_fixture.hpp"

#include <atomic>
#include <barrier>
#include <thread>

namespace ordercast::test {
namespace {

class orders_concurrency : public orders_test {
protected:
    void SetUp() override { start_server({{"ORDERCAST_SERVER_THREADS", "2"}}); }
};

TEST_F(orders_concurrency, concurrent_patches_with_if_match_never_lose_an_update) {
    constexpr int k_rounds = 25;
    for (int round = 0; round < k_rounds; ++round) {
        auto id = create_order_id(staff(), R"({"attributes":{}})");
        std::barrier start(2);
        std::array<http_response, 2> first;
        std::array<std::thread, 2> clients;
        for (int c = 0; c < 2; ++c) {
            clients[static_cast<std::size_t>(c)] = std::thread([&, c] {
                http_client client(http_opts());
                std::string body = R"({"attributes":{"client)" + std::to_string(c) + R"(":true}})";
                header_list headers = {{"Content-Type", "application/json"},
                                       {"Authorization", "Bearer " + staff()},
                                       {"If-Match", "\"1\""}};
                start.arrive_and_wait();
                first[static_cast<std::size_t>(c)] =
                    client.request("PATCH", "/api/v1/orders/" + id, body, headers);
                if (first[static_cast<std::size_t>(c)].status != 409) return;
                // The loser does what the error says: GET again and reapply with the new ETag.
                auto fresh = client.request("GET", "/api/v1/orders/" + id, {}, headers);
                headers.back().second = fresh.header("ETag");
                auto retried = client.request("PATCH", "/api/v1/orders/" + id, body, headers);
                EXPECT_EQ(retried.status, 200u) << retried.body;
            });
        }
        for (auto& t : clients) t.join();
        std::vector<unsigned> statuses = {first[0].status, first[1].status};
        std::sort(statuses.begin(), statuses.end());
        ASSERT_EQ(statuses, (std::vector<unsigned>{200, 409}))
            << "round " << round << ": " << first[0].body << " / " << first[1].body;
        for (const auto& r : first) {
            if (r.status == 409) {
                EXPECT_EQ(r.json().str("/error/code"), "VERSION_CONFLICT") << r.body;
            }
        }
        auto final_order = call("GET", "/api/v1/orders/" + id, staff()).json();
        EXPECT_EQ(final_order.boolean("/attributes/client0"), true) << final_order.dump();
        EXPECT_EQ(final_order.boolean("/attributes/client1"), true) << final_order.dump();
        EXPECT_EQ(final_order.i64("/version"), 3);
    }
}

TEST_F(orders_concurrency, concurrent_status_moves_without_if_match_apply_one_after_the_other) {
    // Both staff try to confirm the same pending order: the second sees it confirmed and its
    // move is a no-op (200, same version) — never two versions for one change.
    auto id = create_order_id(staff(), "{}");
    std::barrier start(2);
    std::array<http_response, 2> results;
    std::array<std::thread, 2> clients;
    for (int c = 0; c < 2; ++c)
        clients[static_cast<std::size_t>(c)] = std::thread([&, c] {
            http_client client(http_opts());
            header_list headers = {{"Content-Type", "application/json"},
                                   {"Authorization", "Bearer " + staff()}};
            start.arrive_and_wait();
            results[static_cast<std::size_t>(c)] =
                client.request("PATCH", "/api/v1/orders/" + id, R"({"status":"confirmed"})", headers);
        });
    for (auto& t : clients) t.join();
    EXPECT_EQ(results[0].status, 200u) << results[0].body;
    EXPECT_EQ(results[1].status, 200u) << results[1].body;
    auto o = call("GET", "/api/v1/orders/" + id, staff()).json();
    EXPECT_EQ(o.i64("/version"), 2);
    auto logs = call("GET", "/api/v1/orders/" + id + "/logs", staff()).json();
    EXPECT_EQ(logs.items("/logs").size(), 2u) << logs.dump();
}

}  // namespace
}  // namespace ordercast::test

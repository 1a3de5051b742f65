// Four stations drain 1,000 jobs at once through process-next: every job is handed out
// exactly once and none is lost (the claim is one write transaction; see claim_next_job).
#include "functional/queue_fixture.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace ordercast::test {
namespace {

constexpr int k_jobs = 1000;
constexpr int k_stations = 4;

class queue_concurrency : public queue_test {};

TEST_F(queue_concurrency, four_stations_draining_1000_jobs_process_each_exactly_once) {
    start_server({{"ORDERCAST_SERVER_THREADS", "2"}});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(35);
    std::vector<std::string> submitted(k_jobs);
    {
        std::vector<std::thread> clients;
        for (int c = 0; c < k_stations; ++c) {
            clients.emplace_back([&, c] {
                http_client client(http_opts());
                const header_list headers = {{"Content-Type", "application/json"},
                                             {"Authorization", "Bearer " + staff()}};
                for (int i = c; i < k_jobs; i += k_stations) {
                    auto res = client.request("POST", "/api/v1/queue/jobs",
                                              R"({"priority":)" + std::to_string(1 + i % 4) + "}", headers);
                    if (res.status != 201) {
                        ADD_FAILURE() << "submit answered " << res.status << " " << res.body << res.error;
                        return;
                    }
                    submitted[static_cast<std::size_t>(i)] = res.json().str("/id").value_or("");
                }
            });
        }
        for (auto& t : clients) t.join();
    }
    ASSERT_EQ(std::set<std::string>(submitted.begin(), submitted.end()).size(),
              static_cast<std::size_t>(k_jobs));

    std::mutex mutex;
    std::map<std::string, std::vector<int>> claimed_by;  // job -> stations that got it
    std::vector<std::thread> stations;
    for (int s = 0; s < k_stations; ++s) {
        stations.emplace_back([&, s] {
            http_client client(http_opts());
            const std::string bearer =
                token("op" + std::to_string(s), "operator", "s1", {"c" + std::to_string(s)});
            const header_list headers = {{"Content-Type", "application/json"},
                                         {"Authorization", "Bearer " + bearer}};
            const std::string body = R"({"stationId":"c)" + std::to_string(s) + R"("})";
            for (int round = 0; round <= k_jobs && std::chrono::steady_clock::now() < deadline; ++round) {
                auto res = client.request("POST", "/api/v1/queue/process-next", body, headers);
                if (res.status != 200) {
                    ADD_FAILURE() << "process-next answered " << res.status << " " << res.body << res.error;
                    return;
                }
                auto id = res.json().str("/job/id");
                if (!id) return;  // drained
                {
                    std::lock_guard lock(mutex);
                    claimed_by[*id].push_back(s);
                }
                auto done = client.request("POST", "/api/v1/queue/jobs/" + *id + "/complete", "{}", headers);
                if (done.status != 200) {
                    ADD_FAILURE() << "complete of " << *id << " answered " << done.status << " " << done.body;
                    return;
                }
            }
        });
    }
    for (auto& t : stations) t.join();

    EXPECT_EQ(claimed_by.size(), static_cast<std::size_t>(k_jobs)) << "jobs were lost";
    std::map<int, int> per_station;
    for (const auto& [id, who] : claimed_by) {
        EXPECT_EQ(who.size(), 1u) << id << " was handed out " << who.size() << " times";
        per_station[who.front()]++;
    }
    for (const auto& id : submitted) EXPECT_TRUE(claimed_by.count(id)) << id << " was never handed out";
    auto status = queue_status();
    EXPECT_EQ(status.i64("/completed"), k_jobs) << status.dump();
    EXPECT_EQ(status.i64("/pending"), 0);
    EXPECT_EQ(status.i64("/processing"), 0);
    std::printf("queue concurrency: per station");
    for (const auto& [s, n] : per_station) std::printf(" c%d=%d", s, n);
    std::printf("\n");
}

}  // namespace
}  // namespace ordercast::test

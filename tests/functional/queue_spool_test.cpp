// The spool folder (seed 000 §9.5) against the real binary: it mirrors the store while
// stations work, and after a kill -9 at a random moment — and a damaged folder — the
// restarted server rebuilds it to match the store exactly.
#include "functional/queue_fixture.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "support/temp_dir.hpp"

namespace ordercast::test {
namespace {

namespace fs = std::filesystem;

class queue_spool : public queue_test {
protected:
    // Every job in the store, through the REST API (paged).
    std::vector<json_value> all_jobs() {
        std::vector<json_value> jobs;
        std::string cursor;
        for (int page = 0; page < 100; ++page) {
            auto res = call(
                "GET", "/api/v1/queue/jobs?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor), admin());
            if (res.status != 200) throw std::runtime_error("list answered " + res.body);
            auto body = res.json();
            for (auto& j : body.items("/jobs")) jobs.push_back(j);
            auto next = body.str("/nextCursor");
            if (!next) break;
            cursor = *next;
        }
        return jobs;
    }

    static std::string folder_of(const std::string& status) {
        if (status == "PROCESSING") return "processing";
        if (status == "COMPLETED") return "completed";
        if (status == "FAILED") return "failed";
        if (status == "CANCELLED") return "";
        return "pending";
    }

    // Fails the test unless the spool holds exactly one file per job not cancelled, in its
    // status's folder, with the job's id, status and version, and nothing else.
    void expect_spool_matches_store(const fs::path& spool) {
        std::map<std::string, std::string> files;  // "folder/name" -> content
        for (const char* folder : {"pending", "processing", "completed", "failed"}) {
            ASSERT_TRUE(fs::is_directory(spool / folder)) << (spool / folder);
            for (const auto& entry : fs::directory_iterator(spool / folder)) {
                const std::string name = entry.path().filename().string();
                if (!name.ends_with(".json") && !name.ends_with(".json.tmp")) continue;  // not the spool's
                std::ifstream in(entry.path());
                std::stringstream ss;
                ss << in.rdbuf();
                files[std::string(folder) + "/" + entry.path().filename().string()] = ss.str();
            }
        }
        std::size_t expected = 0;
        for (const auto& job : all_jobs()) {
            const auto id = job.str("/id").value_or("");
            const auto folder = folder_of(job.str("/status").value_or(""));
            if (folder.empty()) continue;
            ++expected;
            auto it = files.find(folder + "/" + id + ".json");
            if (it == files.end()) {
                ADD_FAILURE() << id << " (" << job.str("/status").value_or("") << ") has no file in "
                              << folder;
                continue;
            }
            auto content = json_value::parse(it->second);
            EXPECT_EQ(content.str("/job_id"), id);
            EXPECT_EQ(content.str("/status"), job.str("/status")) << id;
            EXPECT_EQ(content.i64("/version"), job.i64("/version")) << id;
            EXPECT_EQ(content.i64("/priority"), job.i64("/priority")) << id;
        }
        EXPECT_EQ(files.size(), expected) << "stray or duplicate files in the spool";
    }

    // Stations submitting, claiming, completing, failing and cancelling until `stop`.
    std::vector<std::thread> start_activity(std::uint16_t port, std::atomic<bool>& stop,
                                            std::atomic<int>& done) {
        std::vector<std::thread> threads;
        for (int c = 0; c < 3; ++c) {
            threads.emplace_back([&, c, port] {
                http_options o;
                o.port = port;
                http_client client(o);
                const header_list headers = {{"Content-Type", "application/json"},
                                             {"Authorization", "Bearer " + staff()}};
                for (int i = 0; i < 5000 && !stop.load(); ++i) {
                    auto res = client.request("POST", "/api/v1/queue/jobs",
                                              R"({"priority":)" + std::to_string(1 + i % 4) + "}", headers);
                    if (res.status == 0) return;  // the server is gone
                    if (i % 3 == 0) continue;     // some jobs stay queued
                    auto next = client.request("POST", "/api/v1/queue/process-next", "{}", headers);
                    auto id = next.json().str("/job/id");
                    if (!id) continue;
                    if (i % 5 == 1) continue;  // some stay processing
                    const std::string action = (i + c) % 7 == 0 ? "fail" : "complete";
                    client.request("POST", "/api/v1/queue/jobs/" + *id + "/" + action,
                                   action == "fail" ? R"({"error":"jam"})" : "{}", headers);
                    if (i % 11 == 2) {
                        auto extra = client.request("POST", "/api/v1/queue/jobs", "{}", headers);
                        auto extra_id = extra.json().str("/id");
                        if (extra_id)
                            client.request("POST", "/api/v1/queue/jobs/" + *extra_id + "/cancel", "{}",
                                           headers);
                    }
                    done.fetch_add(1);
                }
            });
        }
        return threads;
    }
};

TEST_F(queue_spool, the_spool_mirrors_the_store_and_is_rebuilt_after_kill_9_and_damage) {
    temp_dir data("ordercast-spool");
    const env_map env = {{"ORDERCAST_QUEUE_SPOOL_DIR", "spool"}, {"ORDERCAST_SERVER_THREADS", "2"}};
    const fs::path spool = data.path() / "spool";
    start_server(env, {}, data.path().string());

    // Live: after a quiet burst of work the folder matches.
    {
        std::atomic<bool> stop{false};
        std::atomic<int> done{0};
        auto threads = start_activity(server().port(), stop, done);
        ASSERT_TRUE(eventually([&] { return done.load() >= 30; }, std::chrono::seconds(20)));
        stop = true;
        for (auto& t : threads) t.join();
    }
    expect_spool_matches_store(spool);

    // kill -9 in the middle of work.
    const unsigned seed = std::random_device{}();
    std::mt19937 rng(seed);
    const int kill_after = std::uniform_int_distribution<int>(20, 120)(rng);
    SCOPED_TRACE("seed " + std::to_string(seed) + ", SIGKILL after " + std::to_string(kill_after) +
                 " operations");
    {
        std::atomic<bool> stop{false};
        std::atomic<int> done{0};
        auto threads = start_activity(server().port(), stop, done);
        ASSERT_TRUE(eventually([&] { return done.load() >= kill_after; }, std::chrono::seconds(25)));
        server().kill_hard();
        stop = true;
        for (auto& t : threads) t.join();
    }
    // Damage the folder while the server is down: a stray file, a lost file, a half-written temp.
    std::ofstream(spool / "completed" / "JOB-19990101-999.json") << "{}";
    std::ofstream(spool / "pending" / ".JOB-19990101-998.json.tmp") << "{\"job_";
    // Files that are not the spool's: the rebuild must leave them.
    std::ofstream(spool / "completed" / "JOB-19990101-997.plt") << "IN;PU0,0;";
    std::ofstream(spool / "pending" / "README.txt") << "cutter notes";
    fs::create_directories(spool / "failed" / "archive");
    std::ofstream(spool / "failed" / "archive" / "old.json") << "{}";
    for (const auto& entry : fs::directory_iterator(spool / "completed")) {
        if (entry.path().filename().string().starts_with("JOB-19990101")) continue;
        fs::remove(entry.path());
        break;
    }

    start_server(env, {}, data.path().string());
    expect_spool_matches_store(spool);
    EXPECT_TRUE(fs::exists(spool / "completed" / "JOB-19990101-997.plt"))
        << "a file not the spool's was removed";
    EXPECT_TRUE(fs::exists(spool / "pending" / "README.txt")) << "a file not the spool's was removed";
    EXPECT_TRUE(fs::exists(spool / "failed" / "archive" / "old.json")) << "a subfolder was removed";
}

TEST_F(queue_spool, a_job_that_moves_leaves_its_old_folder_even_when_its_new_copy_cannot_be_written) {
    temp_dir data("ordercast-spool-stale");
    const fs::path spool = data.path() / "spool";
    start_server({{"ORDERCAST_QUEUE_SPOOL_DIR", "spool"}}, {}, data.path().string());
    const auto id = submit_id("{}");
    ASSERT_TRUE(
        eventually([&] { return fs::exists(spool / "pending" / (id + ".json")); }, std::chrono::seconds(5)));
    // A non-empty directory where the processing copy would go: its rename fails.
    fs::create_directories(spool / "processing" / (id + ".json") / "in-the-way");
    ASSERT_EQ(next_job(), id);
    EXPECT_FALSE(fs::exists(spool / "pending" / (id + ".json")))
        << "a cutter must not find a job that is being cut still waiting in pending/";
    EXPECT_TRUE(fs::is_directory(spool / "processing" / (id + ".json"))) << "the obstacle is still there";
}

}  // namespace
}  // namespace ordercast::test

#include "hub/hub.hpp"

#include "hub/hub_test_support.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <limits>
#include <map>
#include <mutex>
#include <thread>

namespace ordercast::hub {
namespace {

using testing::range;
using testing::request;

// A stand-in for the server's workers: one thread per worker running posted tasks, and drain()
// whenever the hub wakes it, like an event loop would.
class worker_pool final : public dispatcher {
public:
    explicit worker_pool(std::size_t workers) : loops_(workers) {}

    ~worker_pool() { stop(); }

    void start(hub& h) {
        for (worker_id w = 0; w < loops_.size(); ++w) {
            threads_.emplace_back([this, &h, w] { run(h, w); });
        }
    }

    void stop() {
        for (auto& loop : loops_) {
            std::lock_guard lock(loop.mutex);
            loop.stopping = true;
            loop.ready.notify_one();
        }
        for (auto& t : threads_) {
            t.join();
        }
        threads_.clear();
    }

    void wake(worker_id w) override {
        auto& loop = loops_[w];
        std::lock_guard lock(loop.mutex);
        loop.drain_requested = true;
        loop.ready.notify_one();
    }

    void post(worker_id w, std::function<void()> task) {
        auto& loop = loops_[w];
        std::lock_guard lock(loop.mutex);
        loop.tasks.push_back(std::move(task));
        loop.ready.notify_one();
    }

    // Runs `task` on worker w and waits for it.
    void run_on(worker_id w, std::function<void()> task) {
        std::promise<void> done;
        post(w, [&] {
            task();
            done.set_value();
        });
        done.get_future().wait();
    }

private:
    struct event_loop {
        std::mutex mutex;
        std::condition_variable ready;
        std::deque<std::function<void()>> tasks;
        bool drain_requested = false;
        bool stopping = false;
    };

    void run(hub& h, worker_id w) {
        auto& me = loops_[w];
        for (;;) {
            std::deque<std::function<void()>> tasks;
            bool drain = false;
            {
                std::unique_lock lock(me.mutex);
                me.ready.wait(lock, [&] { return me.stopping || me.drain_requested || !me.tasks.empty(); });
                if (me.stopping) {
                    return;
                }
                tasks.swap(me.tasks);
                drain = std::exchange(me.drain_requested, false);
            }
            if (drain) {
                h.drain(w);
            }
            for (auto& task : tasks) {
                task();
            }
        }
    }

    std::vector<event_loop> loops_;
    std::vector<std::thread> threads_;
};

// Records the seqs a subscription sees, replay first; touched only on its worker's thread.
struct sequence_recorder final : subscriber {
    void deliver(const event_ptr& ev) override { seqs.push_back(ev->seq); }
    void take_replay(const subscribe_result& r) {
        for (const auto& ev : r.replay) {
            seqs.push_back(ev->seq);
        }
    }

    worker_id worker = 0;
    std::vector<std::uint64_t> seqs;
    std::uint64_t expected_first = 0;  // set once subscribed: the first seq it must see
    bool recovered = true;
};

// Subscriptions of every kind, made on three workers while two threads publish to the same
// channel in a tight loop. Each must see replay + live == expected_first..N exactly.
TEST(hub_concurrency, replay_plus_live_is_exact_while_other_threads_publish) {
    constexpr std::size_t k_workers = 3;
    constexpr int k_publishers = 2;
    constexpr int k_subscribers = 60;

    hub_options o;
    o.history_max_events = std::size_t{1} << 40;  // nothing may be lost: every resume must recover
    o.history_memory_budget = std::size_t{1} << 40;
    worker_pool pool(k_workers);
    hub h(o, k_workers, pool, {});
    pool.start(h);

    sequence_recorder keeper;  // subscribed before anything is published: must see 1..N
    std::string epoch;
    pool.run_on(0, [&] { epoch = h.subscribe(0, &keeper, "hot", std::nullopt).current.epoch; });
    keeper.expected_first = 1;

    std::mutex latest_mutex;
    event_ptr latest;  // the newest "hot" event some publisher saw
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> hot_published{0};
    std::vector<std::thread> publishers;
    for (int p = 0; p < k_publishers; ++p) {
        publishers.emplace_back([&, p] {
            // Runs until every subscription below has been made, so they all race with publishing.
            for (int i = 0; !stop.load(std::memory_order_relaxed); ++i) {
                auto ev = h.publish(request("hot"));
                hot_published.fetch_add(1);
                h.publish(request("cold:" + std::to_string(p) + ":" + std::to_string(i % 7)));
                if (i % 64 == 0) {
                    std::lock_guard lock(latest_mutex);
                    if (!latest || ev->seq > latest->seq) {
                        latest = std::move(ev);
                    }
                }
            }
        });
    }

    std::vector<sequence_recorder> subs(k_subscribers);
    std::map<int, std::uint64_t> resumed_after_global;  // subscriber index -> G
    for (int i = 0; i < k_subscribers; ++i) {
        std::this_thread::sleep_for(std::chrono::microseconds(500));
        event_ptr seen;
        {
            std::lock_guard lock(latest_mutex);
            seen = latest;
        }
        sequence_recorder& s = subs[i];
        s.worker = static_cast<worker_id>(i % k_workers);
        const int kind = i % 4;
        if (kind == 3 && seen) {
            resumed_after_global[i] = seen->global_id;
        }
        pool.post(s.worker, [&h, &s, kind, seen, epoch] {
            subscribe_result r;
            if (kind == 0 || !seen) {
                r = h.subscribe(s.worker, &s, "hot", std::nullopt);
                s.expected_first = r.current.seq + 1;
            } else if (kind == 1) {
                const std::uint64_t from = seen->seq > 100 ? seen->seq - 100 : 0;
                r = h.subscribe(s.worker, &s, "hot", position{from, epoch});
                s.expected_first = from + 1;
            } else if (kind == 2) {
                // Reconnect within one loop turn: subscribe, drop, resume from the position just given.
                r = h.subscribe(s.worker, &s, "hot", std::nullopt);
                s.expected_first = r.current.seq + 1;
                h.unsubscribe(s.worker, &s, "hot");
                r = h.subscribe(s.worker, &s, "hot", r.current);
            } else {
                r = h.subscribe_after_message(s.worker, &s, "hot", seen->message_id);
                s.expected_first = r.replay.empty() ? r.current.seq + 1 : r.replay.front()->seq;
            }
            s.recovered = r.recovered;
            s.take_replay(r);
        });
        if (i % 10 == 9) {
            // An earlier subscription drops and resumes from the last seq it saw, mid-stream.
            pool.post(subs[i - 7].worker, [&h, &s = subs[i - 7], epoch] {
                h.unsubscribe(s.worker, &s, "hot");
                const std::uint64_t last = s.seqs.empty() ? s.expected_first - 1 : s.seqs.back();
                const auto r = h.subscribe(s.worker, &s, "hot", position{last, epoch});
                s.recovered = s.recovered && r.recovered;
                s.take_replay(r);
            });
        }
    }
    for (worker_id w = 0; w < k_workers; ++w) {
        pool.run_on(w, [] {});  // every subscription above is made, with publishers still running
    }
    // Some live events after the last subscription, so every subscriber has a live part too.
    const std::uint64_t target = hot_published.load() + 500;
    while (hot_published.load() < target) {
        std::this_thread::yield();
    }
    stop.store(true);
    for (auto& t : publishers) {
        t.join();
    }
    for (worker_id w = 0; w < k_workers; ++w) {
        pool.run_on(w, [&h, w] { h.drain(w); });
    }
    pool.stop();

    const std::vector<event_ptr> all = h.history("hot", 0, std::numeric_limits<std::size_t>::max());
    const std::uint64_t total = all.size();
    ASSERT_GT(total, 0u);
    ASSERT_EQ(all.back()->seq, total);
    EXPECT_EQ(keeper.seqs, range(1, total));
    for (int i = 0; i < k_subscribers; ++i) {
        const auto& s = subs[i];
        ASSERT_TRUE(s.recovered) << "subscriber " << i;
        EXPECT_LE(s.expected_first + 400, total) << "subscriber " << i << " had too few live events";
        EXPECT_EQ(s.seqs, range(s.expected_first, total)) << "subscriber " << i << " kind " << i % 4;
        if (const auto it = resumed_after_global.find(i); it != resumed_after_global.end()) {
            // Its first event is the first one of the channel published after the message it resumed from.
            ASSERT_GE(s.expected_first, 1u);
            EXPECT_GT(all[s.expected_first - 1]->global_id, it->second);
            if (s.expected_first > 1) {
                EXPECT_LE(all[s.expected_first - 2]->global_id, it->second);
            }
        }
    }
    EXPECT_EQ(h.snapshot().published, 2 * total);
}

// Publishers on many channels under a tight memory budget, a thread expiring history, and
// subscribers churning on two workers: every run of live events between two subscriptions must be
// consecutive, and the hub's counters must settle to its real content.
TEST(hub_concurrency, churn_under_eviction_keeps_each_subscription_consecutive) {
    constexpr std::size_t k_workers = 2;
    constexpr int k_channels = 16;
    hub_options o;
    o.history_max_events = 50;
    o.history_memory_budget = 40 * 1024;
    worker_pool pool(k_workers);
    hub h(o, k_workers, pool, {});
    pool.start(h);

    struct checker final : subscriber {
        void deliver(const event_ptr& ev) override {
            auto& last = last_seq[ev->channel];
            if (last != 0 && ev->seq != last + 1) {
                ++gaps;
            }
            last = ev->seq;
        }
        std::map<std::string, std::uint64_t> last_seq;
        int gaps = 0;
    };
    std::vector<checker> subs(20);

    std::atomic<bool> done{false};
    std::vector<std::thread> threads;
    for (int p = 0; p < 2; ++p) {
        threads.emplace_back([&, p] {
            for (int i = 0; i < 15'000; ++i) {
                h.publish(
                    request("ch:" + std::to_string((i * 7 + p) % k_channels), "note", std::string(200, 'x')));
            }
        });
    }
    threads.emplace_back([&] {
        while (!done.load()) {
            h.expire_history();
            std::this_thread::yield();
        }
    });
    for (int round = 0; round < 200; ++round) {
        for (std::size_t i = 0; i < subs.size(); ++i) {
            const auto w = static_cast<worker_id>(i % k_workers);
            const std::string ch = "ch:" + std::to_string((round + i) % k_channels);
            pool.post(w, [&h, &s = subs[i], w, ch, round] {
                if (round % 3 == 0) {
                    h.unsubscribe_all(w, &s);
                    s.last_seq.clear();
                }
                const auto r = h.subscribe(w, &s, ch, std::nullopt);
                s.last_seq[ch] = r.current.seq;
            });
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    threads[0].join();
    threads[1].join();
    done.store(true);
    threads[2].join();
    for (worker_id w = 0; w < k_workers; ++w) {
        pool.run_on(w, [&h, w] { h.drain(w); });
    }
    for (worker_id w = 0; w < k_workers; ++w) {
        pool.run_on(w, [&, w] {
            for (std::size_t i = w; i < subs.size(); i += k_workers) {
                h.unsubscribe_all(w, &subs[i]);
            }
        });
    }
    pool.stop();

    for (const auto& s : subs) {
        EXPECT_EQ(s.gaps, 0);
    }
    const auto stats = h.snapshot();
    EXPECT_EQ(stats.subscriptions, 0u);
    EXPECT_LE(stats.history_bytes, o.history_memory_budget);
    std::size_t kept = 0;
    for (int c = 0; c < k_channels; ++c) {
        kept += h.history("ch:" + std::to_string(c), 0, 1'000).size();
    }
    EXPECT_EQ(stats.history_events, kept);
    EXPECT_EQ(stats.published, 30'000u);
}

}  // namespace
}  // namespace ordercast::hub

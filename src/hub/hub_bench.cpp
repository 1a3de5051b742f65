// Hot-path benchmarks of the hub: fan-out to many local subscribers, and publish throughput.
#include "hub/hub.hpp"

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

namespace {

using namespace ordercast::hub;

class idle_dispatcher final : public dispatcher {
public:
    void wake(worker_id) override {}
};

// As cheap as a session's deliver should be: keep a reference for the writer.
class queueing_subscriber final : public subscriber {
public:
    void deliver(const event_ptr& ev) override {
        if (queue_.size() == queue_.capacity()) {
            queue_.clear();  // the writer would have flushed by now
        }
        queue_.push_back(ev);
    }
    queueing_subscriber() { queue_.reserve(64); }

private:
    std::vector<event_ptr> queue_;
};

void render_v1(event& ev) {
    auto frame = std::make_shared<std::string>();
    frame->reserve(64 + ev.data.size());
    frame->append(R"({"type":")").append(ev.type).append(R"(","channel":")").append(ev.channel);
    frame->append(R"(","messageId":")")
        .append(ev.message_id)
        .append(R"(","data":)")
        .append(ev.data)
        .push_back('}');
    ev.renderings.assign(1, {std::move(frame), 0});
}

// Publish a batch to one channel, then drain it to every local subscriber of one worker.
void bm_fanout_local_subscribers(benchmark::State& state) {
    const auto subscriber_count = static_cast<std::size_t>(state.range(0));
    const auto batch = static_cast<int>(state.range(1));
    idle_dispatcher d;
    hub h(hub_options{}, 1, d, render_v1);
    std::vector<queueing_subscriber> subs(subscriber_count);
    for (auto& s : subs) {
        h.subscribe(0, &s, "site:1:orders", std::nullopt);
    }
    const std::string data = R"({"orderId":"o-1","status":"ready"})";
    for (auto _ : state) {
        for (int i = 0; i < batch; ++i) {
            h.publish(publish_request{"site:1:orders", "order_progress", data});
        }
        h.drain(0);
    }
    const auto deliveries =
        static_cast<double>(state.iterations()) * batch * static_cast<double>(subscriber_count);
    state.counters["deliveries_per_s"] = benchmark::Counter(deliveries, benchmark::Counter::kIsRate);
    state.SetItemsProcessed(static_cast<std::int64_t>(deliveries));
}
BENCHMARK(bm_fanout_local_subscribers)->Args({5000, 1})->Args({5000, 16})->UseRealTime();

// Publishers spread over 1024 channels, history on, one subscriber per channel on worker 0
// (so every publish queues and wakes), nothing drained until the end of a batch.
void bm_publish_across_channels(benchmark::State& state) {
    static idle_dispatcher d;
    static std::unique_ptr<hub> h;
    static std::vector<queueing_subscriber> subs(1024);
    static std::vector<std::string> names;
    if (state.thread_index() == 0) {
        h = std::make_unique<hub>(hub_options{}, 1, d, render_v1);
        names.clear();
        for (int i = 0; i < 1024; ++i) {
            names.push_back("order:" + std::to_string(100000 + i));
            h->subscribe(0, &subs[static_cast<std::size_t>(i)], names.back(), std::nullopt);
        }
    }
    const std::string data = R"({"orderId":"o-1","status":"ready"})";
    std::size_t next = static_cast<std::size_t>(state.thread_index()) * 7;
    for (auto _ : state) {
        h->publish(publish_request{names[next % names.size()], "order_progress", data});
        next += 13;
    }
    state.SetItemsProcessed(state.iterations());
    if (state.thread_index() == 0) {
        h->drain(0);
        for (auto& s : subs) {
            h->unsubscribe_all(0, &s);
        }
        h.reset();
    }
}
BENCHMARK(bm_publish_across_channels)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

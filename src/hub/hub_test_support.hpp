#pragma once

// Fakes shared by the hub's unit tests; not part of ordercast_hub.

#include "hub/hub.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace ordercast::hub::testing {

// Counts wakes per worker; drain is left to the test.
class counting_dispatcher final : public dispatcher {
public:
    explicit counting_dispatcher(std::size_t workers) : wakes_(workers) {}
    void wake(worker_id w) override { wakes_[w].fetch_add(1); }
    std::uint64_t wakes(worker_id w) const { return wakes_[w].load(); }

private:
    std::vector<std::atomic<std::uint64_t>> wakes_;
};

// Keeps every delivered event.
class recording_subscriber final : public subscriber {
public:
    void deliver(const event_ptr& ev) override { events.push_back(ev); }

    std::vector<std::uint64_t> seqs() const {
        std::vector<std::uint64_t> out;
        for (const auto& ev : events) {
            out.push_back(ev->seq);
        }
        return out;
    }

    std::vector<event_ptr> events;
};

// A settable wall clock, shared by copies so the hub's copy sees the test's changes.
class manual_clock {
public:
    manual_clock() : now_(std::make_shared<std::atomic<std::int64_t>>(1'700'000'000'000)) {}
    std::chrono::system_clock::time_point operator()() const {
        return std::chrono::system_clock::time_point(std::chrono::milliseconds(now_->load()));
    }
    void advance(std::chrono::milliseconds by) { now_->fetch_add(by.count()); }

private:
    std::shared_ptr<std::atomic<std::int64_t>> now_;
};

inline publish_request request(std::string channel, std::string type = "note", std::string data = "{}") {
    return publish_request{std::move(channel), std::move(type), std::move(data)};
}

inline std::vector<std::uint64_t> seqs_of(const std::vector<event_ptr>& events) {
    std::vector<std::uint64_t> out;
    for (const auto& ev : events) {
        out.push_back(ev->seq);
    }
    return out;
}

inline std::vector<std::uint64_t> range(std::uint64_t first, std::uint64_t last) {
    std::vector<std::uint64_t> out;
    for (auto i = first; i <= last; ++i) {
        out.push_back(i);
    }
    return out;
}

}  // namespace ordercast::hub::testing

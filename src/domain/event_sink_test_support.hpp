#pragma once
// For the domain's unit tests: an event sink that keeps what the services published, in
// order, so a test reads which events reached which channel. Not part of any library.
#include <algorithm>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "domain/event_sink.hpp"

namespace ordercast::domain::testing {

class recording_event_sink final : public event_sink {
public:
    void publish(outgoing_event ev) override {
        std::lock_guard lock(mu_);
        events_.push_back(std::move(ev));
    }
    bool has_subscribers(std::string_view channel) const override {
        std::lock_guard lock(mu_);
        return std::find(listened_.begin(), listened_.end(), channel) != listened_.end();
    }
    bool has_any_subscriber() const override {
        std::lock_guard lock(mu_);
        return !listened_.empty();
    }

    // has_subscribers(channel) answers true from now on.
    void listen(std::string channel) {
        std::lock_guard lock(mu_);
        listened_.push_back(std::move(channel));
    }
    // The events published to `channel`, oldest first.
    std::vector<outgoing_event> on(std::string_view channel) const {
        std::lock_guard lock(mu_);
        std::vector<outgoing_event> out;
        for (const auto& ev : events_)
            if (ev.channel == channel) out.push_back(ev);
        return out;
    }
    std::vector<std::string> types_on(std::string_view channel) const {
        std::vector<std::string> out;
        for (const auto& ev : on(channel)) out.push_back(ev.type);
        return out;
    }

private:
    mutable std::mutex mu_;
    std::vector<outgoing_event> events_;
    std::vector<std::string> listened_;
};

}  // namespace ordercast::domain::testing

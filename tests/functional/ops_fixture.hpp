#pragma once
// Shared by the operations_*, alerts_* and status_streams functional tests: a worker (the
// service token that starts and drives operations), REST helpers for operations, and
// readers that collect the events of one channel.
#include "functional/orders_fixture.hpp"

#include <string>
#include <vector>

namespace ordercast::test {

class ops_test : public orders_test {
protected:
    std::string worker() const { return token("worker-1", "service"); }

    // POST /api/v1/operations as the worker for `owner` at site s1; throws unless 202.
    json_value start_operation(const std::string& owner = "alice", const std::string& bearer = {}) {
        auto res = call("POST", "/api/v1/operations", bearer.empty() ? worker() : bearer,
                        R"({"kind":"schedule","owner":")" + owner +
                            R"(","site":"s1","steps":["loading","validating","planning","saving"]})");
        if (res.status != 202)
            throw std::runtime_error("create operation answered " + std::to_string(res.status) + " " +
                                     res.body);
        return res.json();
    }
    http_response progress(const std::string& id, const std::string& step, int percent,
                           const std::string& message = "", const std::string& bearer = {}) {
        std::string body = R"({"step":")" + step + R"(","progress":)" + std::to_string(percent);
        if (!message.empty()) body += R"(,"message":)" + json_quote(message);
        body += "}";
        return call("POST", "/api/v1/operations/" + id + "/progress", bearer.empty() ? worker() : bearer,
                    body);
    }
    // Throws unless the progress report was accepted.
    json_value progress_ok(const std::string& id, const std::string& step, int percent) {
        auto res = progress(id, step, percent);
        if (res.status != 200)
            throw std::runtime_error("progress answered " + std::to_string(res.status) + " " + res.body);
        return res.json();
    }

    // The next frame of `type` (earlier ones are skipped); throws when none comes in time.
    static json_value next_of(ws_client& c, std::string_view type,
                              std::chrono::milliseconds timeout = k_frame_timeout) {
        std::vector<json_value> skipped;
        auto f = c.receive_type(type, timeout, &skipped);
        if (!f) throw std::runtime_error("no " + std::string(type) + " frame; got " + describe(skipped));
        return *f;
    }
    // Every frame that arrives within the quiet period.
    static std::vector<json_value> drain(ws_client& c) {
        std::vector<json_value> frames;
        while (auto f = c.receive(k_quiet_period)) frames.push_back(*f);
        return frames;
    }
    static bool granted(const json_value& confirmed, const std::string& channel) {
        auto list = confirmed.strings("/data/channels");
        return std::find(list.begin(), list.end(), channel) != list.end();
    }
    // The reason subscription_confirmed.failed gives for `channel`, or "".
    static std::string refusal_reason(const json_value& confirmed, const std::string& channel) {
        for (const auto& f : confirmed.items("/data/failed"))
            if (f.str("/channel") == channel) return f.str("/reason").value_or("?");
        return {};
    }
};

}  // namespace ordercast::test

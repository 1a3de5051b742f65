#include "support/server_fixture.hpp"

#include <signal.h>

#include <cstdio>
#include <stdexcept>

namespace ordercast::test {

server_process& server_test::start_server(env_map env, std::vector<std::string> args,
                                          std::optional<std::string> data_dir) {
    finish_server();
    server_options options;
    options.env = std::move(env);
    options.args = std::move(args);
    options.data_dir = std::move(data_dir);
    server_ = std::make_unique<server_process>(std::move(options));
    return *server_;
}

server_process& server_test::server() {
    if (!server_) throw std::runtime_error("the test did not start a server");
    return *server_;
}

void server_test::finish_server() {
    http_.reset();
    if (!server_) return;
    if (server_->running()) {
        auto code = server_->stop(SIGTERM, std::chrono::seconds(10));
        if (!code)
            ADD_FAILURE() << "ordercast did not exit within 10 s of SIGTERM";
        else if (*code != 0)
            ADD_FAILURE() << "ordercast exited with " << *code << " on SIGTERM";
    }
    auto out = server_->output();
    for (const char* marker :
         {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:", "ThreadSanitizer"})
        if (out.find(marker) != std::string::npos)
            ADD_FAILURE() << "the server reported \"" << marker << "\"";
    if (HasFailure()) {
        constexpr std::size_t k_tail = 6000;
        if (out.size() > k_tail) out = "…" + out.substr(out.size() - k_tail);
        std::fprintf(stderr, "---- ordercast output (tail) ----\n%s\n---------------------------------\n",
                     out.c_str());
    }
    server_.reset();
}

void server_test::TearDown() {
    finish_server();
}

std::string server_test::token(const std::string& sub, const std::string& role, const std::string& site,
                               std::vector<std::string> stations, std::int64_t ttl_s) const {
    return sign_hs256(make_claims(sub, role, site, std::move(stations), ttl_s), k_test_secret);
}

ws_options server_test::ws_opts(const std::string& target) const {
    ws_options o;
    o.port = server_->port();
    o.target = target;
    return o;
}

std::unique_ptr<ws_client> server_test::connect_raw(const ws_options& options) {
    return ws_client::connect(options);
}

std::unique_ptr<ws_client> server_test::connect(const std::string& token, json_value* established) {
    auto client = ws_client::connect(ws_opts("/v1?token=" + token));
    if (!client->upgraded())
        throw std::runtime_error("upgrade refused with HTTP " + std::to_string(client->http_status()) + ": " +
                                 client->response_body());
    auto first = client->receive(k_frame_timeout);
    if (!first) {
        auto c = client->close_status();
        throw std::runtime_error("no connection_established (closed=" + std::to_string(c.closed) +
                                 " code=" + std::to_string(c.code) + " reason=" + c.reason + ")");
    }
    if (first->str("/type") != "connection_established")
        throw std::runtime_error("first frame is not connection_established: " + first->dump());
    if (established != nullptr) *established = *first;
    return client;
}

http_options server_test::http_opts() const {
    http_options o;
    o.port = server_->port();
    return o;
}

http_client& server_test::http() {
    if (!http_) http_ = std::make_unique<http_client>(http_opts());
    return *http_;
}

json_value server_test::publish(const std::string& channel, const std::string& type,
                                const std::string& data_json, bool critical) {
    std::string body =
        "{\"channel\":" + json_quote(channel) + ",\"type\":" + json_quote(type) + ",\"data\":" + data_json;
    if (critical) body += ",\"critical\":true";
    body += "}";
    auto res = http().post_json("/api/v1/publish", body, service_token());
    if (res.status != 200)
        throw std::runtime_error("publish to " + channel + " answered " + std::to_string(res.status) + " " +
                                 res.body + res.error);
    return res.json();
}

json_value server_test::subscribe(ws_client& client, const std::vector<std::string>& channels) {
    if (!client.send(R"({"type":"subscribe","data":{"channels":)" + json_string_array(channels) + "}}"))
        throw std::runtime_error("cannot send subscribe");
    std::vector<json_value> skipped;
    auto confirmed = client.receive_type("subscription_confirmed", k_frame_timeout, &skipped);
    if (!confirmed) throw std::runtime_error("no subscription_confirmed; got " + describe(skipped));
    return *confirmed;
}

std::string server_test::metrics_text() {
    auto res = http().get("/metrics");
    if (res.status != 200) throw std::runtime_error("GET /metrics answered " + std::to_string(res.status));
    return res.body;
}

std::vector<json_value> receive_until(ws_client& client,
                                      const std::function<bool(const std::vector<json_value>&)>& done,
                                      std::chrono::milliseconds timeout) {
    std::vector<json_value> frames;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done(frames)) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                          std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        auto f = client.receive(left);
        if (!f) break;
        frames.push_back(std::move(*f));
    }
    while (auto f = client.receive(k_quiet_period)) frames.push_back(std::move(*f));
    return frames;
}

std::string json_string_array(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + json_quote(items[i]);
    return out + "]";
}

std::string describe(const std::vector<json_value>& frames) {
    std::string out = "[";
    for (const auto& f : frames) {
        if (out.size() > 1) out += ", ";
        auto text = f.dump();
        out += text.size() > 300 ? text.substr(0, 300) + "…" : text;
    }
    return out + "]";
}

}  // namespace ordercast::test

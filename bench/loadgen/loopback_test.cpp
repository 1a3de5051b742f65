// End-to-end check of the load generator against an independent WebSocket server (Beast's,
// which insists on masked client frames): every subscriber subscribes, answers a ping, and
// every due delivery arrives and is counted with a latency.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "bench/loadgen/loadgen.hpp"

namespace ordercast::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

// A thread-per-connection fan-out server speaking the v1 subset the peers speak.
class fanout_server {
public:
    fanout_server() : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        accept_thread_ = std::thread([this] { accept_loop(); });
    }
    ~fanout_server() {
        stopping_ = true;
        boost::system::error_code ec;
        {
            // A blocked accept() does not wake when another thread closes the acceptor.
            tcp::socket wake(io_);
            wake.connect(acceptor_.local_endpoint(), ec);
        }
        acceptor_.close(ec);
        {
            std::lock_guard lock(mu_);
            for (auto& s : sockets_) s->shutdown(tcp::socket::shutdown_both, ec);
        }
        accept_thread_.join();
        for (auto& t : threads_) t.join();
    }
    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
    int pongs() const { return pongs_; }
    int publishes() const { return publishes_; }

private:
    struct ws_conn {
        explicit ws_conn(std::shared_ptr<tcp::socket> s) : sock(std::move(s)), ws(*sock) {}
        std::shared_ptr<tcp::socket> sock;
        websocket::stream<tcp::socket&> ws;
        std::mutex write_mu;
    };

    void accept_loop() {
        for (;;) {
            auto s = std::make_shared<tcp::socket>(io_);
            boost::system::error_code ec;
            acceptor_.accept(*s, ec);
            if (ec || stopping_) return;
            std::lock_guard lock(mu_);
            sockets_.push_back(s);
            threads_.emplace_back([this, s] { serve(s); });
        }
    }

    void serve(const std::shared_ptr<tcp::socket>& sp) {
        tcp::socket& s = *sp;
        beast::flat_buffer buf;
        boost::system::error_code ec;
        http::request<http::string_body> req;
        http::read(s, buf, req, ec);
        if (ec) return;
        if (websocket::is_upgrade(req)) {
            serve_ws(sp, req);
            return;
        }
        for (;;) {
            const std::string& body = req.body();
            std::string channel = between(body, "\"channel\":\"", "\"");
            std::vector<std::shared_ptr<ws_conn>> subs;
            {
                std::lock_guard lock(mu_);
                subs = channels_[channel];
            }
            for (auto& c : subs) {
                std::lock_guard lock(c->write_mu);
                c->ws.text(true);
                c->ws.write(asio::buffer(body), ec);
            }
            ++publishes_;
            http::response<http::string_body> res{http::status::ok, req.version()};
            res.set(http::field::content_type, "application/json");
            res.body() = R"({"ok":true})";
            res.keep_alive(true);
            res.prepare_payload();
            http::write(s, res, ec);
            if (ec) return;
            req = {};
            http::read(s, buf, req, ec);
            if (ec) return;
        }
    }

    void serve_ws(const std::shared_ptr<tcp::socket>& s, const http::request<http::string_body>& req) {
        auto c = std::make_shared<ws_conn>(s);
        c->ws.control_callback([this](websocket::frame_type kind, beast::string_view) {
            if (kind == websocket::frame_type::pong) ++pongs_;
        });
        boost::system::error_code ec;
        c->ws.accept(req, ec);
        if (ec) return;
        for (;;) {
            beast::flat_buffer buf;
            c->ws.read(buf, ec);
            if (ec) return;
            std::string text = beast::buffers_to_string(buf.data());
            if (text.find("\"subscribe\"") == std::string::npos) continue;
            std::string channel = between(text, "[\"", "\"]");
            {
                std::lock_guard lock(mu_);
                channels_[channel].push_back(c);
            }
            std::lock_guard lock(c->write_mu);
            c->ws.ping("are you there", ec);
            c->ws.text(true);
            c->ws.write(
                asio::buffer(R"({"type":"subscription_confirmed","data":{"channels":[")" + channel + "\"]}}"),
                ec);
        }
    }

    static std::string between(const std::string& s, std::string_view open, std::string_view close) {
        auto a = s.find(open);
        if (a == std::string::npos) return {};
        a += open.size();
        return s.substr(a, s.find(close, a) - a);
    }

    asio::io_context io_;
    tcp::acceptor acceptor_;
    std::thread accept_thread_;
    std::mutex mu_;
    std::vector<std::thread> threads_;
    std::vector<std::shared_ptr<tcp::socket>> sockets_;
    std::map<std::string, std::vector<std::shared_ptr<ws_conn>>> channels_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> pongs_{0};
    std::atomic<int> publishes_{0};
};

loadgen_options small_run(std::uint16_t port) {
    loadgen_options o;
    o.port = port;
    o.ws_path = "/ws";
    o.connections = 24;
    o.channels = 6;
    o.source_addrs = {"127.0.0.1", "127.0.0.2"};
    o.connect_concurrency = 8;
    o.publishers = 2;
    o.window = 4;
    o.settle_s = 0.05;
    o.warmup_s = 0.1;
    o.duration_s = 0.4;
    o.drain_s = 3;
    o.connect_timeout_s = 10;
    o.server_pid = ::getpid();
    return o;
}

TEST(loadgen_loopback, every_due_delivery_arrives_and_is_timed_at_maximum_rate) {
    fanout_server server;
    run_result r = run_load(small_run(server.port()));
    EXPECT_FALSE(r.aborted) << r.abort_reason;
    EXPECT_EQ(r.subscribed, 24u) << r.first_failure;
    EXPECT_EQ(r.failed, 0u);
    EXPECT_EQ(server.pongs(), 24) << "each subscriber must answer the ping it got";
    EXPECT_GT(r.sent, 0u);
    EXPECT_EQ(r.accepted, r.sent);
    EXPECT_EQ(r.expected, r.accepted * 4) << "24 subscribers on 6 channels: 4 per publish";
    EXPECT_EQ(r.received, r.expected);
    EXPECT_EQ(r.lost, 0u);
    EXPECT_TRUE(r.drained);
    EXPECT_GT(r.deliveries, 0u);
    EXPECT_EQ(r.latency.count, r.deliveries);
    EXPECT_GT(r.latency.p50, 0.0);
    EXPECT_LE(r.latency.p50, r.latency.p99);
    EXPECT_LE(r.latency.p99, r.latency.max);
    EXPECT_GT(r.rss_idle_kb, 0u);
}

TEST(loadgen_loopback, fixed_rate_sends_about_rate_times_duration) {
    fanout_server server;
    loadgen_options o = small_run(server.port());
    o.rate = 500;
    o.window = 64;  // room for 128 ms of answers: "late" then means the generator fell behind, not the server
    o.warmup_s = 0;
    o.duration_s = 1.0;
    run_result r = run_load(o);
    EXPECT_FALSE(r.aborted) << r.abort_reason;
    EXPECT_NEAR(static_cast<double>(r.window_published), 500.0, 50.0);
    EXPECT_EQ(r.received, r.expected);
    EXPECT_EQ(r.late, 0u);
}

TEST(loadgen_loopback, refused_upgrade_is_reported_not_hung) {
    // A plain HTTP server that answers every request with 404: no subscriber can subscribe.
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    std::thread t([&] {
        for (int i = 0; i < 4; ++i) {
            tcp::socket s(io);
            boost::system::error_code ec;
            acceptor.accept(s, ec);
            if (ec) return;
            beast::flat_buffer buf;
            http::request<http::string_body> req;
            http::read(s, buf, req, ec);
            http::response<http::string_body> res{http::status::not_found, 11};
            res.prepare_payload();
            http::write(s, res, ec);
        }
    });
    loadgen_options o = small_run(acceptor.local_endpoint().port());
    o.connections = 4;
    o.channels = 1;
    run_result r = run_load(o);
    t.join();
    EXPECT_TRUE(r.aborted);
    EXPECT_EQ(r.subscribed, 0u);
    EXPECT_EQ(r.failed, 4u);
    EXPECT_NE(r.first_failure.find("404"), std::string::npos) << r.first_failure;
}

}  // namespace
}  // namespace ordercast::bench

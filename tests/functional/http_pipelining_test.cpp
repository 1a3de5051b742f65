// HTTP/1.1 pipelining: a client that sends several requests before reading gets every
// answer, in order, on the same connection. The server answers the requests it already
// holds together and writes their answers at once (http_session::serve), so these tests
// send each pipeline in one write and read the answers back one by one.
#include "support/server_fixture.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>

namespace ordercast::test {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

class http_pipelining : public server_test {
protected:
    void SetUp() override {
        start_server();
        socket_.connect({asio::ip::make_address("127.0.0.1"), server().port()});
    }

    // The server waits for its open connections when it stops: this one goes first.
    void TearDown() override {
        boost::system::error_code ec;
        socket_.close(ec);
        server_test::TearDown();
    }

    void send(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }

    // The next answer on the connection; status 0 (unknown) when the server closed it instead.
    http::response<http::string_body> next_answer() {
        http::response<http::string_body> res;
        boost::system::error_code ec;
        http::read(socket_, buffer_, res, ec);
        if (ec) res.result(http::status::unknown);
        return res;
    }

    bool closed_by_server() {
        char byte;
        boost::system::error_code ec;
        socket_.read_some(asio::buffer(&byte, 1), ec);
        return ec == asio::error::eof || ec == asio::error::connection_reset;
    }

    static std::string get(const std::string& target, const std::string& extra_headers = "") {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
    }
    std::string publish_request(int i) const {
        const std::string n = std::to_string(i);
        const std::string body =
            R"({"channel":"site:s1:general","type":"p)" + n + R"(","data":{"i":)" + n + "}}";
        return "POST /api/v1/publish HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
               service_token() +
               "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
               "\r\n\r\n" + body;
    }

    asio::io_context io_;
    asio::ip::tcp::socket socket_{io_};
    boost::beast::flat_buffer buffer_;
};

TEST_F(http_pipelining, pipelined_publishes_and_reads_are_answered_in_order_and_delivered_in_order) {
    auto client = connect(token("c1", "customer", "s1"));
    subscribe(*client, {"site:s1:general"});
    std::string pipeline;
    for (int i = 0; i < 10; ++i) pipeline += publish_request(i) + get("/health");
    send(pipeline);
    for (int i = 0; i < 10; ++i) {
        auto published = next_answer();
        ASSERT_EQ(published.result_int(), 200u) << "publish " << i << ": " << published.body();
        EXPECT_EQ(json_value::parse(published.body()).i64("/seq"), i + 1) << published.body();
        auto health = next_answer();
        ASSERT_EQ(health.result_int(), 200u) << "health after publish " << i;
        EXPECT_EQ(health.body(), R"({"status":"ok"})");
    }
    for (int i = 0; i < 10; ++i) {
        auto event = client->receive_type("p" + std::to_string(i), k_frame_timeout);
        ASSERT_TRUE(event) << "event p" << i << " missing";
        EXPECT_EQ(event->i64("/data/i"), i);
        EXPECT_EQ(event->i64("/seq"), i + 1);
    }
    client->close();
}

TEST_F(http_pipelining, more_pipelined_requests_than_one_write_holds_are_all_answered) {
    // 1,500 answers of ~130 bytes are more than the 64 KiB written at once.
    std::string pipeline;
    for (int i = 0; i < 1500; ++i) pipeline += get(i % 2 ? "/health" : "/nowhere");
    send(pipeline);
    for (int i = 0; i < 1500; ++i) {
        auto res = next_answer();
        ASSERT_EQ(res.result_int(), i % 2 ? 200u : 404u) << "answer " << i;
    }
    send(get("/health"));
    EXPECT_EQ(next_answer().result_int(), 200u) << "the connection stays usable";
}

TEST_F(http_pipelining, a_malformed_request_after_good_ones_gets_their_answers_then_400_and_the_close) {
    send(get("/health") + get("/health") + "NOT HTTP AT ALL\r\n\r\n" + get("/health"));
    EXPECT_EQ(next_answer().result_int(), 200u);
    EXPECT_EQ(next_answer().result_int(), 200u);
    auto bad = next_answer();
    EXPECT_EQ(bad.result_int(), 400u) << bad.body();
    EXPECT_EQ(json_value::parse(bad.body()).str("/error/code"), "BAD_REQUEST") << bad.body();
    EXPECT_TRUE(closed_by_server()) << "nothing is answered after a malformed request";
}

TEST_F(http_pipelining, connection_close_in_a_pipeline_ends_it_after_that_answer) {
    send(get("/health") + get("/health", "Connection: close\r\n") + get("/health"));
    EXPECT_EQ(next_answer().result_int(), 200u);
    auto last = next_answer();
    EXPECT_EQ(last.result_int(), 200u);
    EXPECT_EQ(last[http::field::connection], "close");
    EXPECT_TRUE(closed_by_server()) << "the request after Connection: close must not be answered";
}

TEST_F(http_pipelining, a_websocket_upgrade_after_a_request_is_switched_after_its_answer) {
    send(get("/health") + get("/v1?token=" + token("c1", "customer", "s1"),
                              "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
    EXPECT_EQ(next_answer().result_int(), 200u);
    http::response<http::string_body> switched;
    http::read(socket_, buffer_, switched);
    ASSERT_EQ(switched.result_int(), 101u);
    EXPECT_EQ(switched[http::field::sec_websocket_accept], "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    // The first WebSocket frame (connection_established): FIN + text.
    std::uint8_t first = 0;
    if (buffer_.size() > 0) {
        first = static_cast<const std::uint8_t*>(buffer_.data().data())[0];
    } else {
        asio::read(socket_, asio::buffer(&first, 1));
    }
    EXPECT_EQ(first, 0x81);
}

}  // namespace
}  // namespace ordercast::test

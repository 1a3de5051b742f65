#include "cli/order_format.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "cli/http_client.hpp"

namespace ordercast::cli {
namespace {

TEST(cli, progress_bar_is_ten_cells_and_clamped) {
    EXPECT_EQ(progress_bar(0), "[          ]   0%");
    EXPECT_EQ(progress_bar(55), "[#####     ]  55%");
    EXPECT_EQ(progress_bar(140), "[##########] 100%");
}

TEST(cli, server_url_takes_host_port_and_base_path) {
    auto u = server_url::parse("http://example.test:9000/base/");
    EXPECT_EQ(u.host, "example.test");
    EXPECT_EQ(u.port, 9000);
    EXPECT_EQ(u.base_path, "/base");
    EXPECT_EQ(server_url::parse("http://localhost").port, 8000);
    EXPECT_THROW(server_url::parse("localhost:8000"), cli_error);
    EXPECT_THROW(server_url::parse("http://host:99999"), cli_error);
    EXPECT_THROW(server_url::parse("https://host"), cli_error);
}

TEST(cli, url_encode_escapes_reserved_characters) {
    EXPECT_EQ(url_encode("2024-01-15T10:30:00Z"), "2024-01-15T10:30:00Z");
    EXPECT_EQ(url_encode("a b&c"), "a%20b%26c");
}

TEST(cli, event_line_shows_the_status_move) {
    std::ostringstream out;
    print_event_line(out, R"({"type":"order_status_changed","timestamp":"2024-01-15T10:30:00.000Z",
        "data":{"orderId":"o1","previousStatus":"pending","currentStatus":"confirmed","updatedBy":"e1","message":"soon"}})");
    EXPECT_EQ(
        out.str(),
        "2024-01-15T10:30:00.000Z  order_status_changed   order o1  pending -> confirmed by e1  \"soon\"\n");
}

TEST(cli, error_body_prints_code_and_message) {
    std::ostringstream out;
    print_error(out, 409, R"({"error":{"code":"INVALID_ORDER_STATUS","message":"Cannot transition"}})");
    EXPECT_EQ(out.str(), "ordercast: 409 INVALID_ORDER_STATUS: Cannot transition\n");
}

}  // namespace
}  // namespace ordercast::cli

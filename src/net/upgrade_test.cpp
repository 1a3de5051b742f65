#include "net/upgrade.hpp"

#include <gtest/gtest.h>

using namespace ordercast::net;
namespace http = boost::beast::http;

TEST(upgrade, token_from_query_is_percent_decoded) {
    EXPECT_EQ(query_param("/v1?a=1&token=ab%2Ecd.e+f", "token"), "ab.cd.e f");
    EXPECT_FALSE(query_param("/v1?a=1", "token").has_value());
}

TEST(upgrade, token_from_bearer_header) {
    http_request req{http::verb::get, "/v1", 11};
    req.set(http::field::authorization, "Bearer aaa.bbb.ccc");
    EXPECT_EQ(find_token(req).token, "aaa.bbb.ccc");
}

TEST(upgrade, token_from_subprotocol_echoes_the_other_offered_value) {
    http_request req{http::verb::get, "/v1", 11};
    req.set(http::field::sec_websocket_protocol, "bearer, aaaaa.bbbbb.ccccc");
    auto s = find_token(req);
    EXPECT_EQ(s.token, "aaaaa.bbbbb.ccccc");
    EXPECT_EQ(s.accepted_protocol, "bearer");
}

TEST(upgrade, token_alone_in_subprotocol_is_echoed_itself) {
    http_request req{http::verb::get, "/v1", 11};
    req.set(http::field::sec_websocket_protocol, "aaaaa.bbbbb.ccccc");
    auto s = find_token(req);
    EXPECT_EQ(s.accepted_protocol, "aaaaa.bbbbb.ccccc");
}

TEST(upgrade, origin_allow_list) {
    EXPECT_TRUE(origin_allowed({}, "https://evil.example"));
    EXPECT_TRUE(origin_allowed({"https://shop.example"}, ""));
    EXPECT_TRUE(origin_allowed({"https://shop.example"}, "https://shop.example"));
    EXPECT_FALSE(origin_allowed({"https://shop.example"}, "https://evil.example"));
}

TEST(upgrade, switching_protocols_carries_the_rfc_accept_key) {
    auto r = switching_protocols_response("dGhlIHNhbXBsZSBub25jZQ==", "");
    EXPECT_NE(r.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), std::string::npos);
    EXPECT_EQ(r.find("Sec-WebSocket-Protocol"), std::string::npos);
}

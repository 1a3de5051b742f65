#include "api/router.hpp"

#include <gtest/gtest.h>

using namespace ordercast::api;

TEST(router, passes_path_parameters_and_names_the_route) {
    router r;
    r.add("GET", "/api/v1/orders/{id}", [](request& req) { return json_response(200, std::string(req.path_params.at(0))); });
    request req{.method = "GET", .path = "/api/v1/orders/ord-7"};
    std::string_view route;
    auto res = r.dispatch(req, route);
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body, "ord-7");
    EXPECT_EQ(route, "/api/v1/orders/{id}");
}

TEST(router, answers_405_for_a_known_path_with_another_method_and_404_otherwise) {
    router r;
    r.add("POST", "/api/v1/publish", [](request&) { return json_response(200, "{}"); });
    std::string_view route;
    request get{.method = "GET", .path = "/api/v1/publish"};
    EXPECT_EQ(r.dispatch(get, route).status, 405);
    request other{.method = "GET", .path = "/nope"};
    auto res = r.dispatch(other, route);
    EXPECT_EQ(res.status, 404);
    EXPECT_NE(res.body.find("NOT_FOUND"), std::string::npos);
    EXPECT_EQ(route, "unmatched");
}

TEST(router, a_path_with_more_segments_than_any_route_is_404) {
    router r;
    r.add("GET", "/a/{x}", [](request&) { return json_response(200, "{}"); });
    std::string_view route;
    std::string deep = "/a";
    for (int i = 0; i < 40; ++i) deep += "/b";
    request req{.method = "GET", .path = deep};
    EXPECT_EQ(r.dispatch(req, route).status, 404);
    request ok{.method = "GET", .path = "/a/b"};
    EXPECT_EQ(r.dispatch(ok, route).status, 200);
}

#include "api/router.hpp"

#include <gtest/gtest.h>

using namespace ordercast::api;

TEST(router, passes_path_parameters_and_names_the_route) {
    router r;
    r.add("GET", "/api/v1/orders/{id}", [](request& req) { return json_response(200, std::string(req.path_params.at(0))); });
    request req{.method = "GET", .path = "/api/v1/orders/ord-7"};
    std::string route;
    auto res = r.dispatch(req, route);
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body, "ord-7");
    EXPECT_EQ(route, "/api/v1/orders/{id}");
}

TEST(router, answers_405_for_a_known_path_with_another_method_and_404_otherwise) {
    router r;
    r.add("POST", "/api/v1/publish", [](request&) { return json_response(200, "{}"); });
    std::string route;
    request get{.method = "GET", .path = "/api/v1/publish"};
    EXPECT_EQ(r.dispatch(get, route).status, 405);
    request other{.method = "GET", .path = "/nope"};
    auto res = r.dispatch(other, route);
    EXPECT_EQ(res.status, 404);
    EXPECT_NE(res.body.find("NOT_FOUND"), std::string::npos);
    EXPECT_EQ(route, "unmatched");
}

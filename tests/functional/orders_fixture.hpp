#pragma once
// Shared by the orders_* functional tests: a server with a real SQLite file, and REST
// helpers that speak the orders API as a client would.
#include "support/server_fixture.hpp"

#include <string>
#include <utility>
#include <vector>

namespace ordercast::test {

using header_list = std::vector<std::pair<std::string, std::string>>;

class orders_test : public server_test {
protected:
    // role tokens used throughout: staff and a manager of site s1, an employee of s2, an
    // admin, and customers alice and bob of s1.
    std::string staff() const { return token("e1", "employee", "s1", {"k1"}); }
    std::string manager() const { return token("m1", "manager", "s1"); }
    std::string other_site_staff() const { return token("e2", "employee", "s2"); }
    std::string admin() const { return token("a1", "admin"); }
    std::string alice() const { return token("alice", "customer", "s1"); }
    std::string bob() const { return token("bob", "customer", "s1"); }

    http_response call(std::string_view method, std::string_view target, const std::string& bearer,
                       std::string_view body = {}, header_list extra = {}) {
        header_list headers = {{"Content-Type", "application/json"}};
        if (!bearer.empty()) headers.emplace_back("Authorization", "Bearer " + bearer);
        for (auto& h : extra) headers.push_back(std::move(h));
        return http().request(method, target, body, headers);
    }

    // POST /api/v1/orders; throws unless 201, returns the created order.
    json_value create_order(const std::string& bearer, const std::string& body) {
        auto res = call("POST", "/api/v1/orders", bearer, body);
        if (res.status != 201)
            throw std::runtime_error("create answered " + std::to_string(res.status) + " " + res.body +
                                     res.error);
        return res.json();
    }
    std::string create_order_id(const std::string& bearer, const std::string& body) {
        return create_order(bearer, body).str("/id").value_or("");
    }
    // PATCH as staff; throws unless 200.
    json_value patch_order(const std::string& id, const std::string& body, const std::string& bearer = {}) {
        auto res = call("PATCH", "/api/v1/orders/" + id, bearer.empty() ? staff() : bearer, body);
        if (res.status != 200)
            throw std::runtime_error("patch answered " + std::to_string(res.status) + " " + res.body +
                                     res.error);
        return res.json();
    }

    // Checks the REST error shape {"error":{"code","message"}}.
    static void expect_error(const http_response& res, unsigned status, const std::string& code) {
        EXPECT_EQ(res.status, status) << res.body << res.error;
        auto body = res.json();
        EXPECT_EQ(body.str("/error/code"), code) << res.body;
        auto message = body.str("/error/message");
        EXPECT_TRUE(message && !message->empty()) << res.body;
    }
};

}  // namespace ordercast::test

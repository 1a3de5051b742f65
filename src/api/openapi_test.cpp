// The OpenAPI document against the real route table: every route documented, nothing
// documented that the router does not answer, every schema a route names present.
#include "api/openapi.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <set>
#include <string>

#include "api/api_context.hpp"
#include "api/openapi_schemas.hpp"
#include "api/router.hpp"
#include "auth/jwt_verifier.hpp"
#include "hub/dispatcher.hpp"
#include "hub/hub.hpp"

using namespace ordercast;
using namespace ordercast::api;

namespace {

// The hub needs somewhere to wake workers; registering routes never publishes.
struct no_workers final : hub::dispatcher {
    void wake(hub::worker_id) override {}
};

auth::jwt_key_config key() {
    auth::jwt_key_config k;
    k.secret = "openapi-test-secret-of-enough-length";
    return k;
}

// The server's whole table, as serve_command builds it. The services are not needed to
// register routes (handlers reach them only when called).
class openapi_test : public ::testing::Test {
protected:
    openapi_test()
        : verifier_(key()),
          hub_({}, 1, workers_, [](hub::event&) {}),
          ctx_{hub_, stopping_},
          router_(verifier_) {
        add_health_routes(router_, ctx_);
        add_publish_routes(router_, ctx_);
        add_order_routes(router_, ctx_);
        add_customer_routes(router_, ctx_);
        add_queue_routes(router_, ctx_);
        add_operation_routes(router_, ctx_);
        add_alert_routes(router_, ctx_);
        add_openapi_route(router_);
        text_ = openapi_document(router_);
        EXPECT_EQ(parser_.parse(text_).get(doc_), simdjson::SUCCESS) << "the document is not JSON";
    }

    static std::string upper(std::string_view s) {
        std::string out(s);
        for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return out;
    }

    auth::jwt_verifier verifier_;
    no_workers workers_;
    hub::hub hub_;
    std::atomic<bool> stopping_{false};
    api_context ctx_;
    router router_;
    std::string text_;
    simdjson::dom::parser parser_;
    simdjson::dom::element doc_;
};

}  // namespace

TEST_F(openapi_test, documents_exactly_the_routes_the_router_answers) {
    std::set<std::string> table, documented;
    for (const route_spec* s : router_.routes()) table.insert(std::string(s->method) + " " + s->path);
    simdjson::dom::object paths;
    ASSERT_EQ(doc_["paths"].get(paths), simdjson::SUCCESS);
    for (auto [path, item] : paths) {
        simdjson::dom::object methods;
        ASSERT_EQ(item.get(methods), simdjson::SUCCESS);
        for (auto [method, op] : methods)
            if (method != "parameters") documented.insert(upper(method) + " " + std::string(path));
    }
    EXPECT_EQ(table, documented);
    EXPECT_TRUE(table.contains("GET /api/v1/openapi.json"));
    EXPECT_TRUE(table.contains("POST /queue/jobs/{id}/complete")) << "seed 000's bare paths are routes too";
    EXPECT_GE(table.size(), 57u)
        << "health 4, publish 2, orders 6, customers 3, queue 2 x 15, operations 6, alerts 5, openapi 1";
}

TEST_F(openapi_test, every_schema_a_route_names_is_a_component_and_every_ref_resolves) {
    for (const route_spec* s : router_.routes()) {
        for (auto name : {s->request_schema, s->response_schema}) {
            if (!name.empty()) {
                EXPECT_NE(find_component_schema(name), nullptr) << s->path << " names " << name;
            }
        }
        EXPECT_FALSE(s->summary.empty()) << s->method << " " << s->path << " has no summary";
        if (s->content_type == "application/json" && s->status != 204) {  // 204: no body
            EXPECT_FALSE(s->response_schema.empty())
                << s->method << " " << s->path << " has no response schema";
        }
    }
    simdjson::dom::object schemas;
    ASSERT_EQ(doc_["components"]["schemas"].get(schemas), simdjson::SUCCESS);
    EXPECT_EQ(schemas.size(), component_schemas().size());
    const std::string_view prefix = "\"$ref\":\"#/components/schemas/";
    for (auto at = text_.find(prefix); at != std::string::npos; at = text_.find(prefix, at + 1)) {
        auto start = at + prefix.size();
        std::string name = text_.substr(start, text_.find('"', start) - start);
        EXPECT_EQ(schemas[name].error(), simdjson::SUCCESS) << "dangling $ref to " << name;
    }
}

TEST_F(openapi_test, security_and_roles_follow_the_table) {
    for (const route_spec* s : router_.routes()) {
        std::string method(s->method);
        std::transform(method.begin(), method.end(), method.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        auto op = doc_["paths"][s->path][method];
        simdjson::dom::array security;
        ASSERT_EQ(op["security"].get(security), simdjson::SUCCESS) << s->path;
        EXPECT_EQ(security.size(), s->who.is_public() ? 0u : 1u) << s->path;
        if (s->who.is_public()) continue;
        std::vector<std::string> roles;
        for (auto r : op["x-roles"].get_array()) roles.emplace_back(std::string_view(r.get_string()));
        std::vector<std::string> expected;
        for (auto r : s->who.allowed_roles()) expected.emplace_back(auth::to_string(r));
        EXPECT_EQ(roles, expected) << s->path;
    }
    EXPECT_TRUE(doc_["paths"]["/health"]["get"]["security"].get_array().value().size() == 0);
    std::vector<std::string> publishers;
    for (auto r : doc_["paths"]["/api/v1/publish"]["post"]["x-roles"].get_array())
        publishers.emplace_back(std::string_view(r.get_string()));
    EXPECT_EQ(publishers, (std::vector<std::string>{"admin", "service"}));
}

TEST_F(openapi_test, the_creates_and_only_they_take_an_idempotency_key) {
    std::set<std::string> idempotent;
    for (const route_spec* s : router_.routes())
        if (s->idempotent) idempotent.insert(std::string(s->method) + " " + s->path);
    EXPECT_EQ(idempotent, (std::set<std::string>{
                              "POST /api/v1/orders", "POST /api/v1/customers", "POST /api/v1/queue/jobs",
                              "POST /queue/jobs", "POST /api/v1/operations", "PUT /api/v1/operations/{id}",
                              "POST /api/v1/alerts", "POST /api/v1/orders/{id}/payments"}));
    bool has_header = false;
    for (auto p : doc_["paths"]["/api/v1/orders"]["post"]["parameters"].get_array())
        has_header |= std::string_view(p["name"].get_string()) == "Idempotency-Key";
    EXPECT_TRUE(has_header);
}

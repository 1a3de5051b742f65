// GET /api/v1/openapi.json against the running binary: every documented route answers (none
// is the router's "no such route" or "method not allowed"), no route answers a method the
// document leaves out, every route docs/rest.md names is in it, and the main resources the
// server really returns match their schemas.
#include "support/server_fixture.hpp"

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace ordercast::test {
namespace {

constexpr std::string_view k_methods[] = {"get", "post", "patch", "put", "delete"};

// A JSON pointer token for an object key ('~' and '/' escaped, RFC 6901).
std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out.push_back(c);
    }
    return out;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// "/api/v1/orders/{id}/notes" with every {param} replaced by an id no resource has.
std::string fill_params(const std::string& path) {
    return std::regex_replace(path, std::regex(R"(\{[^}]+\})"), "made-up-id-404");
}

class openapi : public server_test {
protected:
    void SetUp() override {
        start_server();
        auto res = http().get("/api/v1/openapi.json");
        ASSERT_EQ(res.status, 200u) << res.body << res.error;
        EXPECT_NE(res.header("Content-Type").find("application/json"), std::string::npos);
        doc_ = res.json();
        ASSERT_TRUE(doc_.is_object()) << "not JSON: " << res.body.substr(0, 200);
        ASSERT_EQ(doc_.str("/openapi"), "3.1.0");
    }

    json_value operation(const std::string& path, std::string_view method) const {
        return doc_.at("/paths/" + pointer_token(path) + "/" + std::string(method));
    }

    // The bearer token for an operation: none when public, else one of an admitted role
    // (admin when admitted: it may see every site's resources).
    std::string bearer_for(const json_value& op) const {
        auto roles = op.strings("/x-roles");
        if (op.items("/security").empty()) return {};
        EXPECT_FALSE(roles.empty()) << op.dump();
        if (roles.empty()) return {};
        bool admin = std::find(roles.begin(), roles.end(), "admin") != roles.end();
        return token("openapi-probe", admin ? "admin" : roles.front(), "s1");
    }

    http_response call(std::string_view method, const std::string& target, const std::string& bearer,
                       std::string_view body = {}) {
        std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", "application/json"}};
        if (!bearer.empty()) headers.emplace_back("Authorization", "Bearer " + bearer);
        return http().request(method, target, body, headers);
    }

    std::optional<double> unmatched_requests() {
        return metric_value(metrics_text(), "ordercast_http_requests_total", R"(route="unmatched")");
    }

    // The merged properties and required names of a component schema, through $ref and allOf.
    void collect(const json_value& schema, std::map<std::string, json_value>& props,
                 std::set<std::string>& required) {
        if (auto ref = schema.str("/$ref")) {
            const std::string prefix = "#/components/schemas/";
            ASSERT_EQ(ref->rfind(prefix, 0), 0u) << *ref;
            auto target = doc_.at("/components/schemas/" + pointer_token(ref->substr(prefix.size())));
            ASSERT_TRUE(target.exists()) << "dangling " << *ref;
            collect(target, props, required);
            return;
        }
        for (const auto& part : schema.items("/allOf")) collect(part, props, required);
        for (const auto& name : schema.keys("/properties"))
            props[name] = schema.at("/properties/" + pointer_token(name));
        for (const auto& name : schema.strings("/required")) required.insert(name);
    }

    static bool has_type(const json_value& v, std::string_view type) {
        if (type == "string") return v.is_string();
        if (type == "null") return v.is_null();
        if (type == "object") return v.is_object();
        if (type == "array") return v.is_array();
        if (type == "boolean") return v.boolean().has_value();
        if (type == "integer") return v.i64().has_value();
        if (type == "number") return v.is_number();
        return false;
    }

    // `body` has every required member of the schema, no member it does not describe, and
    // each member of the described type or enum.
    void expect_matches(const json_value& body, std::string_view schema_name) {
        std::map<std::string, json_value> props;
        std::set<std::string> required;
        collect(doc_.at("/components/schemas/" + std::string(schema_name)), props, required);
        ASSERT_FALSE(props.empty()) << schema_name;
        for (const auto& name : required)
            EXPECT_TRUE(body.has("/" + pointer_token(name))) << schema_name << " lacks " << name;
        for (const auto& name : body.keys()) {
            auto it = props.find(name);
            if (it == props.end()) {
                ADD_FAILURE() << schema_name << " does not describe \"" << name << "\" that the server sends";
                continue;
            }
            auto value = body.at("/" + pointer_token(name));
            const auto& prop = it->second;
            std::vector<std::string> types;
            if (auto one = prop.str("/type")) types.push_back(*one);
            for (auto& t : prop.strings("/type")) types.push_back(t);
            if (!types.empty()) {
                bool ok = std::any_of(types.begin(), types.end(),
                                      [&](const auto& t) { return has_type(value, t); });
                EXPECT_TRUE(ok) << schema_name << "." << name << " is " << value.dump() << ", described as "
                                << prop.dump();
            }
            auto allowed = prop.strings("/enum");
            if (!allowed.empty() && value.is_string()) {
                EXPECT_NE(std::find(allowed.begin(), allowed.end(), *value.str()), allowed.end())
                    << schema_name << "." << name << " = " << value.dump();
            }
        }
    }

    json_value doc_;
};

TEST_F(openapi, every_documented_route_answers_with_a_token_of_a_permitted_role) {
    const auto unmatched_before = unmatched_requests().value_or(0);
    auto paths = doc_.keys("/paths");
    ASSERT_GE(paths.size(), 40u);
    int operations = 0;
    for (const auto& path : paths) {
        for (auto method : k_methods) {
            auto op = operation(path, method);
            if (!op.exists()) continue;
            ++operations;
            const std::string body = op.has("/requestBody") ? "{}" : "";
            auto res = call(upper(method), fill_params(path), bearer_for(op), body);
            const std::string what = upper(method) + " " + path + " answered " + std::to_string(res.status) +
                                     " " + res.body.substr(0, 300) + res.error;
            ASSERT_NE(res.status, 0u) << what;
            EXPECT_NE(res.status, 405u) << what;
            EXPECT_NE(res.status, 401u) << what << " (a token of a role in x-roles)";
            EXPECT_NE(res.status, 500u) << what;
            if (res.status == 404) {
                // A resource that does not exist, said by its handler; not the router's "no route".
                auto error = res.json();
                EXPECT_EQ(error.str("/error/code"), "NOT_FOUND") << what;
                EXPECT_NE(error.str("/error/message").value_or("").rfind("no route for", 0), 0u) << what;
                EXPECT_NE(path.find('{'), std::string::npos) << what << ": a path without an id must exist";
            }
        }
    }
    EXPECT_GE(operations, 57);
    EXPECT_EQ(unmatched_requests().value_or(0), unmatched_before) << "some documented route reached no route";
}

TEST_F(openapi, no_route_answers_a_method_the_document_leaves_out) {
    for (const auto& path : doc_.keys("/paths")) {
        for (auto method : k_methods) {
            if (operation(path, method).exists()) continue;
            auto res = call(upper(method), fill_params(path), token("a1", "admin"), "{}");
            EXPECT_EQ(res.status, 405u) << upper(method) << " " << path
                                        << " is answered but not documented: " << res.body.substr(0, 200);
        }
    }
}

TEST_F(openapi, every_route_docs_rest_md_names_is_documented) {
    std::ifstream in(std::string(ORDERCAST_SOURCE_DIR) + "/docs/rest.md");
    ASSERT_TRUE(in) << "cannot read docs/rest.md";
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    std::regex route(R"(`(GET|POST|PATCH|PUT|DELETE) (/[^`?\s]*))");
    int named = 0;
    for (std::sregex_iterator it(doc.begin(), doc.end(), route), end; it != end; ++it) {
        std::string method = (*it)[1], path = (*it)[2];
        if (path == "/v1") continue;  // the WebSocket endpoint (docs/protocol.md), not a REST route
        ++named;
        for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        EXPECT_TRUE(operation(path, method).exists())
            << "docs/rest.md names " << (*it)[0] << " but openapi.json has not";
    }
    EXPECT_GE(named, 40);
}

TEST_F(openapi, the_resources_the_server_returns_match_their_schemas) {
    const auto admin = token("a1", "admin", "s1");
    auto order = call(
        "POST", "/api/v1/orders", admin,
        R"({"customerId":"alice","siteId":"s1","items":[{"name":"tea","quantity":1}],"totalAmount":3,"note":"hot"})");
    ASSERT_EQ(order.status, 201u) << order.body;
    expect_matches(order.json(), "OrderWithNotes");
    const auto order_id = order.json().str("/id").value_or("");
    auto patched = call("PATCH", "/api/v1/orders/" + order_id, admin, R"({"status":"confirmed"})");
    ASSERT_EQ(patched.status, 200u) << patched.body;
    expect_matches(patched.json(), "Order");
    auto page = call("GET", "/api/v1/orders", admin);
    ASSERT_EQ(page.status, 200u) << page.body;
    expect_matches(page.json(), "OrderPage");
    auto logs = call("GET", "/api/v1/orders/" + order_id + "/logs", admin);
    ASSERT_EQ(logs.status, 200u) << logs.body;
    expect_matches(logs.json(), "OrderLogs");
    for (const auto& row : logs.json().items("/logs")) expect_matches(row, "OrderLogs/properties/logs/items");

    auto customer =
        call("POST", "/api/v1/customers", admin, R"({"id":"alice","name":"Alice","siteId":"s1"})");
    ASSERT_EQ(customer.status, 201u) << customer.body;
    expect_matches(customer.json(), "Customer");

    auto job =
        call("POST", "/api/v1/queue/jobs", admin, R"({"orderId":")" + order_id + R"(","priority":"HIGH"})");
    ASSERT_EQ(job.status, 201u) << job.body;
    expect_matches(job.json(), "Job");
    auto status = call("GET", "/api/v1/queue/status?site=s1", admin);
    ASSERT_EQ(status.status, 200u) << status.body;
    expect_matches(status.json(), "QueueStatus");

    auto op = call("POST", "/api/v1/operations", admin, R"({"kind":"schedule","steps":["a","b"]})");
    ASSERT_EQ(op.status, 202u) << op.body;
    expect_matches(op.json(), "OperationStarted");
    const auto op_id = op.json().str("/id").value_or("");
    auto failed = call("POST", "/api/v1/operations/" + op_id + "/fail", admin,
                       R"({"error":{"code":"EXECUTION_ERROR","details":"boom"}})");
    ASSERT_EQ(failed.status, 200u) << failed.body;
    expect_matches(failed.json(), "Operation");

    auto alert = call(
        "POST", "/api/v1/alerts", admin,
        R"({"severity":"warning","category":"queue_length","message":"slow","site":"s1","counterId":"k1"})");
    ASSERT_EQ(alert.status, 201u) << alert.body;
    expect_matches(alert.json(), "Alert");

    auto station =
        call("PUT", "/api/v1/stations/k1", admin, R"({"kind":"counter","name":"Bar","status":"open"})");
    ASSERT_EQ(station.status, 201u) << station.body;
    expect_matches(station.json(), "Station");
    auto down =
        call("PATCH", "/api/v1/stations/k1", admin,
             R"({"status":"maintenance","reason":"cleaning","estimatedDowntime":20,"operatorId":"op1"})");
    ASSERT_EQ(down.status, 200u) << down.body;
    expect_matches(down.json(), "Station");
    auto stations = call("GET", "/api/v1/stations", admin);
    ASSERT_EQ(stations.status, 200u) << stations.body;
    expect_matches(stations.json(), "StationList");
    const auto operator_token = token("op1", "operator", "s1");
    auto member = call("PATCH", "/api/v1/staff/op1/status", operator_token,
                       R"({"status":"on_break","breakType":"lunch","breakMinutes":30,"stationId":"k1"})");
    ASSERT_EQ(member.status, 200u) << member.body;
    expect_matches(member.json(), "StaffMember");
    auto shift =
        call("PATCH", "/api/v1/staff/op1/status", operator_token, R"({"status":"busy","shiftMinutes":480})");
    ASSERT_EQ(shift.status, 200u) << shift.body;
    expect_matches(shift.json(), "StaffMember");

    auto published =
        call("POST", "/api/v1/publish", service_token(), R"({"channel":"site:s1:general","type":"x"})");
    ASSERT_EQ(published.status, 200u) << published.body;
    expect_matches(published.json(), "PublishResult");
}

}  // namespace
}  // namespace ordercast::test

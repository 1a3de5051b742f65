#include "api/openapi.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "api/openapi_schemas.hpp"
#include "api/router.hpp"
#include "core/assert.hpp"
#include "core/json_writer.hpp"

namespace ordercast::api {
namespace {

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The {param} names of a path, in order.
std::vector<std::string_view> path_params(std::string_view path) {
    std::vector<std::string_view> out;
    for (auto open = path.find('{'); open != std::string_view::npos; open = path.find('{', open + 1)) {
        auto close = path.find('}', open);
        if (close == std::string_view::npos) break;
        out.push_back(path.substr(open + 1, close - open - 1));
    }
    return out;
}

// "GET /api/v1/orders/{id}" as an identifier: get_api_v1_orders_id.
std::string operation_id(const route_spec& s) {
    std::string id = lowercase(s.method);
    for (char c : s.path) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            id.push_back(c);
        else if (!id.empty() && id.back() != '_')
            id.push_back('_');
    }
    while (!id.empty() && id.back() == '_') id.pop_back();
    return id;
}

void schema_ref(core::json_writer& w, std::string_view name) {
    OC_ASSERT(find_component_schema(name) != nullptr && "a route names a schema that openapi_schemas lacks");
    std::string ref = "#/components/schemas/";
    ref += name;
    w.begin_object().field("$ref", ref).end_object();
}

void json_content(core::json_writer& w, std::string_view content_type, std::string_view schema) {
    w.key("content").begin_object().key(content_type).begin_object().key("schema");
    if (schema.empty())
        w.begin_object().field("type", "string").end_object();
    else
        schema_ref(w, schema);
    w.end_object().end_object();
}

void error_reply(core::json_writer& w, std::string_view status, std::string_view description) {
    w.key(status).begin_object().field("description", description);
    json_content(w, "application/json", "Error");
    w.end_object();
}

void write_operation(core::json_writer& w, const route_spec& s) {
    w.key(lowercase(s.method)).begin_object();
    w.field("operationId", operation_id(s)).field("summary", s.summary);
    // Security: none for a public route; a bearer JWT otherwise, with the roles admitted.
    w.key("security").begin_array();
    if (!s.who.is_public()) w.begin_object().key("bearerAuth").begin_array().end_array().end_object();
    w.end_array();
    if (!s.who.is_public()) {
        w.key("x-roles").begin_array();
        for (auth::role r : s.who.allowed_roles()) w.string(auth::to_string(r));
        w.end_array();
    }
    w.field("x-idempotent", s.idempotent);
    w.key("parameters").begin_array();
    for (auto q : s.query)
        w.begin_object()
            .field("name", q)
            .field("in", "query")
            .field("required", false)
            .key("schema")
            .begin_object()
            .field("type", "string")
            .end_object()
            .end_object();
    if (s.idempotent)
        w.begin_object()
            .field("name", "Idempotency-Key")
            .field("in", "header")
            .field("required", false)
            .field("description",
                   "1-255 visible ASCII characters; a retry with the same key gets the first answer")
            .key("schema")
            .begin_object()
            .field("type", "string")
            .field("minLength", 1)
            .field("maxLength", 255)
            .end_object()
            .end_object();
    w.end_array();
    if (!s.request_schema.empty()) {
        w.key("requestBody").begin_object().field("required", true);
        json_content(w, "application/json", s.request_schema);
        w.end_object();
    }
    w.key("responses").begin_object();
    w.key(std::to_string(s.status)).begin_object().field("description", s.summary);
    if (s.status != 204) json_content(w, s.content_type, s.response_schema);  // 204: no body
    w.end_object();
    if (!s.who.is_public()) {
        error_reply(w, "401",
                    "AUTHENTICATION_FAILED or TOKEN_EXPIRED: no token, a bad token, an expired token");
        if (s.who.allowed_roles().size() != auth::k_all_roles.size())
            error_reply(w, "403", "INSUFFICIENT_PERMISSIONS: a role outside x-roles");
    }
    error_reply(w, "default", "an error: {\"error\": {\"code\", \"message\", \"details\"?}}");
    w.end_object();
    w.end_object();
}

}  // namespace

std::string openapi_document(const router& r) {
    const auto routes = r.routes();
    std::string out;
    out.reserve(64 * 1024);
    core::json_writer w(out);
    w.begin_object().field("openapi", "3.1.0");
    w.key("info")
        .begin_object()
        .field("title", "ordercast")
        .field("version", "1")
        .field("description",
               "The REST API of ordercast. Errors are {\"error\": {\"code\", \"message\", \"details\"?}}; "
               "x-roles lists the token roles the router admits, and the services refine what each may do.")
        .end_object();
    // Paths in the order their first route was added; each path's methods in table order.
    std::vector<std::string_view> paths;
    for (const route_spec* s : routes)
        if (std::find(paths.begin(), paths.end(), s->path) == paths.end()) paths.push_back(s->path);
    w.key("paths").begin_object();
    for (std::string_view path : paths) {
        w.key(path).begin_object();
        if (auto params = path_params(path); !params.empty()) {
            w.key("parameters").begin_array();
            for (auto p : params)
                w.begin_object()
                    .field("name", p)
                    .field("in", "path")
                    .field("required", true)
                    .key("schema")
                    .begin_object()
                    .field("type", "string")
                    .end_object()
                    .end_object();
            w.end_array();
        }
        for (const route_spec* s : routes)
            if (s->path == path) write_operation(w, *s);
        w.end_object();
    }
    w.end_object();
    w.key("components").begin_object();
    w.key("securitySchemes")
        .begin_object()
        .key("bearerAuth")
        .begin_object()
        .field("type", "http")
        .field("scheme", "bearer")
        .field("bearerFormat", "JWT")
        .field("description",
               "A JWT in `Authorization: Bearer`, or the same JWT in the `token` query parameter for clients "
               "that cannot set headers.")
        .end_object()
        .end_object();
    w.key("schemas").begin_object();
    simdjson::dom::parser parser;
    for (const auto& s : component_schemas()) {
        simdjson::dom::element schema;
        const bool parsed = parser.parse(s.json.data(), s.json.size()).get(schema) == simdjson::SUCCESS;
        OC_ASSERT(parsed && "a component schema is not valid JSON");
        w.key(s.name).raw(simdjson::minify(schema));
    }
    w.end_object().end_object().end_object();
    return out;
}

void add_openapi_route(router& r) {
    r.add({.method = "GET",
           .path = "/api/v1/openapi.json",
           .who = access::anyone(),
           .response_schema = "OpenApiDocument",
           .summary = "This document: OpenAPI 3.1 of every route"},
          [&r](request&, const caller&) { return json_response(200, openapi_document(r)); });
}

}  // namespace ordercast::api

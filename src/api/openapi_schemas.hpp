#pragma once
// The component schemas of the OpenAPI document: JSON Schema (2020-12, as OpenAPI 3.1
// takes it) of every request body and response body a route names in its route_spec. Each
// says what the handlers and services really accept and write; a request schema lists
// exactly the fields the parser takes (others are refused), a resource schema every member
// the JSON writer emits.
#include <span>
#include <string_view>

namespace ordercast::api {

struct component_schema {
    std::string_view name;  // as route_spec names it: "Order", "OrderCreate"
    std::string_view json;  // the schema object
};

// Every schema, in a stable order. The views are static.
std::span<const component_schema> component_schemas();

// The schema named `name`, or nullptr.
const component_schema* find_component_schema(std::string_view name);

}  // namespace ordercast::api

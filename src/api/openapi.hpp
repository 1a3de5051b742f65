#pragma once
// The OpenAPI 3.1 document of the REST API, rendered from the router's table
// (api/route.hpp) and the component schemas (api/openapi_schemas.hpp), so it lists exactly
// the routes the router answers, with who may call them.
#include <string>

namespace ordercast::api {

class router;

// The document as JSON. Every route of `r` appears under its path and method with its
// summary, security (bearer JWT, and `x-roles`: the roles the router admits), path and query
// parameters, Idempotency-Key when honoured, and $refs to its request and response schemas.
// Any thread, once the router is set up.
std::string openapi_document(const router& r);

// GET /api/v1/openapi.json (public): the document of `r`'s table as it is when requested.
void add_openapi_route(router& r);

}  // namespace ordercast::api

// /api/v1/customers: create (idempotent), list, read. The router has authenticated the caller
// (any role); the customer service decides what each role may see.
#include <fmt/format.h>

#include "api/api_context.hpp"
#include "api/rest_support.hpp"
#include "api/router.hpp"
#include "core/json_writer.hpp"
#include "domain/customer_service.hpp"
#include "domain/order_json.hpp"

namespace ordercast::api {
namespace {

response create_customer(request& req, const caller& call, api_context& ctx) {
    auto draft = domain::parse_customer_draft(req.body);
    if (!draft) return domain_error_response(draft.error());
    auto made = ctx.customers->create(call.who(), *draft, call.idempotency);
    if (!made) return domain_error_response(made.error());
    response r = json_response(made->status, std::move(made->body));
    if (!made->id.empty()) r.headers.emplace_back("Location", fmt::format("/api/v1/customers/{}", made->id));
    if (made->replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

response list_customers(request& req, const caller& call, api_context& ctx) {
    response refusal;
    auto q = query_params::parse(req.query, call.route.query, refusal);
    if (!q) return refusal;
    auto limit = q->integer("limit", 50, refusal);
    if (!limit) return refusal;
    auto page = ctx.customers->list(call.who(), {q->get("site"), q->get("cursor"), *limit});
    if (!page) return domain_error_response(page.error());
    std::string body;
    core::json_writer w(body);
    w.begin_object().key("customers").begin_array();
    for (const auto& c : page->customers) domain::write_customer(w, c);
    w.end_array().field_or_null("nextCursor", page->next_cursor);
    w.end_object();
    return json_response(200, std::move(body));
}

response get_customer(request& req, const caller& call, api_context& ctx) {
    auto c = ctx.customers->get(call.who(), req.path_params[0]);
    if (!c) return domain_error_response(c.error());
    return json_response(200, domain::customer_json(*c));
}

}  // namespace

void add_customer_routes(router& r, api_context& ctx) {
    auto bind = [&ctx](response (*fn)(request&, const caller&, api_context&)) {
        return [&ctx, fn](request& req, const caller& call) { return fn(req, call, ctx); };
    };
    r.add({.method = "POST",
           .path = "/api/v1/customers",
           .idempotent = true,
           .status = 201,
           .request_schema = "CustomerCreate",
           .response_schema = "Customer",
           .summary = "Create a customer (a customer only its own record, staff for their site)"},
          bind(create_customer));
    r.add({.method = "GET",
           .path = "/api/v1/customers",
           .response_schema = "CustomerPage",
           .summary = "List the customers the caller may see, oldest first",
           .query = {"site", "cursor", "limit"}},
          bind(list_customers));
    r.add({.method = "GET",
           .path = "/api/v1/customers/{id}",
           .response_schema = "Customer",
           .summary = "Read one customer"},
          bind(get_customer));
}

}  // namespace ordercast::api

// /api/v1/customers: create (idempotent), list, read.
#include <fmt/format.h>

#include "api/api_context.hpp"
#include "api/bearer_auth.hpp"
#include "api/rest_support.hpp"
#include "api/router.hpp"
#include "core/json_writer.hpp"
#include "domain/customer_service.hpp"
#include "domain/order_json.hpp"

namespace ordercast::api {
namespace {

response create_customer(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto draft = domain::parse_customer_draft(req.body);
    if (!draft) return domain_error_response(draft.error());
    std::optional<domain::idempotency> idem;
    if (!req.idempotency_key.empty()) {
        if (!valid_idempotency_key(req.idempotency_key, refusal)) return refusal;
        idem = domain::idempotency{req.idempotency_key, domain::request_fingerprint(req.method, req.path, req.body)};
    }
    auto made = ctx.customers->create(*who, *draft, idem ? &*idem : nullptr);
    if (!made) return domain_error_response(made.error());
    response r = json_response(made->status, std::move(made->body));
    if (!made->id.empty()) r.headers.emplace_back("Location", fmt::format("/api/v1/customers/{}", made->id));
    if (made->replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

response list_customers(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto q = query_params::parse(req.query, {"site", "cursor", "limit"}, refusal);
    if (!q) return refusal;
    auto limit = q->integer("limit", 50, refusal);
    if (!limit) return refusal;
    auto page = ctx.customers->list(*who, {q->get("site"), q->get("cursor"), *limit});
    if (!page) return domain_error_response(page.error());
    std::string body;
    core::json_writer w(body);
    w.begin_object().key("customers").begin_array();
    for (const auto& c : page->customers) domain::write_customer(w, c);
    w.end_array().field_or_null("nextCursor", page->next_cursor);
    w.end_object();
    return json_response(200, std::move(body));
}

response get_customer(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto c = ctx.customers->get(*who, req.path_params[0]);
    if (!c) return domain_error_response(c.error());
    return json_response(200, domain::customer_json(*c));
}

}  // namespace

void add_customer_routes(router& r, api_context& ctx) {
    r.add("POST", "/api/v1/customers", [&ctx](request& req) { return create_customer(req, ctx); });
    r.add("GET", "/api/v1/customers", [&ctx](request& req) { return list_customers(req, ctx); });
    r.add("GET", "/api/v1/customers/{id}", [&ctx](request& req) { return get_customer(req, ctx); });
}

}  // namespace ordercast::api

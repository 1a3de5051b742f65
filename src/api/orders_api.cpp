// /api/v1/orders: create (idempotent), list, read, patch (If-Match), notes, production logs,
// payments (idempotent).
// The router has authenticated the caller (any role) and checked the Idempotency-Key; each
// handler parses, asks the order service, and renders. The service owns permissions, the
// store transaction and the events.
#include <fmt/format.h>

#include "api/api_context.hpp"
#include "api/rest_support.hpp"
#include "api/router.hpp"
#include "core/json_writer.hpp"
#include "domain/order_json.hpp"
#include "domain/order_service.hpp"

namespace ordercast::api {
namespace {

using core::error_code;

constexpr std::string_view k_orders_path = "/api/v1/orders";

response with_etag(response r, std::int64_t version) {
    r.headers.emplace_back("ETag", domain::etag(version));
    return r;
}

response create_order(request& req, const caller& call, api_context& ctx) {
    auto draft = domain::parse_order_draft(req.body);
    if (!draft) return domain_error_response(draft.error());
    auto made = ctx.orders->create(call.who(), *draft, call.idempotency);
    if (!made) return domain_error_response(made.error());
    response r = json_response(made->status, std::move(made->body));
    if (!made->id.empty()) r.headers.emplace_back("Location", fmt::format("{}/{}", k_orders_path, made->id));
    if (made->replayed)
        r.headers.emplace_back("Idempotent-Replayed", "true");
    else
        r.headers.emplace_back("ETag", domain::etag(1));
    return r;
}

response record_payment(request& req, const caller& call, api_context& ctx) {
    auto draft = domain::parse_payment_draft(req.body);
    if (!draft) return domain_error_response(draft.error());
    auto made = ctx.orders->record_payment(call.who(), req.path_params[0], *draft, call.idempotency);
    if (!made) return domain_error_response(made.error());
    response r = json_response(made->status, std::move(made->body));
    if (made->replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

response list_orders(request& req, const caller& call, api_context& ctx) {
    response refusal;
    auto q = query_params::parse(req.query, call.route.query, refusal);
    if (!q) return refusal;
    domain::order_query query;
    query.status = q->get("status");
    query.site_id = q->get("site");
    query.station_id = q->get("station");
    query.customer_id = q->get("customer");
    query.assignee_id = q->get("assignee");
    query.cursor = q->get("cursor");
    auto limit = q->integer("limit", 50, refusal);
    if (!limit) return refusal;
    query.limit = *limit;
    if (q->has("updated_since")) {
        query.updated_since_ms = q->time("updated_since", refusal);
        if (!query.updated_since_ms) return refusal;
    }
    auto page = ctx.orders->list(call.who(), std::move(query));
    if (!page) return domain_error_response(page.error());
    std::string body;
    body.reserve(page->orders.size() * 640 + 64);
    core::json_writer w(body);
    w.begin_object().key("orders").begin_array();
    for (const auto& o : page->orders) domain::write_order(w, o);
    w.end_array().field_or_null("nextCursor", page->next_cursor);
    w.end_object();
    return json_response(200, std::move(body));
}

response get_order(request& req, const caller& call, api_context& ctx) {
    auto view = ctx.orders->get(call.who(), req.path_params[0]);
    if (!view) return domain_error_response(view.error());
    return with_etag(json_response(200, domain::order_json(view->order, &view->notes)), view->order.version);
}

response patch_order(request& req, const caller& call, api_context& ctx) {
    auto patch = domain::parse_order_patch(req.body);
    if (!patch) return domain_error_response(patch.error());
    if (!req.if_match.empty()) {
        response refusal;
        auto version = parse_if_match(req.if_match, refusal);
        if (!version && refusal.status != 200) return refusal;
        if (version && patch->expected_version && *version != *patch->expected_version)
            return error_response(
                error_code::bad_request,
                "If-Match and the body's version name different versions; send one of them");
        if (version) patch->expected_version = version;
    }
    auto updated = ctx.orders->update(call.who(), req.path_params[0], *patch);
    if (!updated) return domain_error_response(updated.error());
    return with_etag(json_response(200, domain::order_json(*updated)), updated->version);
}

response add_note(request& req, const caller& call, api_context& ctx) {
    auto text = domain::parse_note(req.body);
    if (!text) return domain_error_response(text.error());
    auto note = ctx.orders->add_note(call.who(), req.path_params[0], std::move(*text));
    if (!note) return domain_error_response(note.error());
    std::string body;
    core::json_writer w(body);
    domain::write_note(w, *note);
    return json_response(201, std::move(body));
}

response order_logs(request& req, const caller& call, api_context& ctx) {
    response refusal;
    auto q = query_params::parse(req.query, call.route.query, refusal);
    if (!q) return refusal;
    auto limit = q->integer("limit", 200, refusal);
    if (!limit) return refusal;
    auto logs = ctx.orders->logs(call.who(), req.path_params[0], *limit);
    if (!logs) return domain_error_response(logs.error());
    std::string body;
    core::json_writer w(body);
    // The order's id, also when the path named it by number (every order has its creation row).
    w.begin_object().field("orderId", logs->empty() ? req.path_params[0] : logs->front().order_id);
    w.key("logs").begin_array();
    for (const auto& l : *logs) domain::write_production_log(w, l);
    w.end_array().end_object();
    return json_response(200, std::move(body));
}

}  // namespace

void add_order_routes(router& r, api_context& ctx) {
    auto bind = [&ctx](response (*fn)(request&, const caller&, api_context&)) {
        return [&ctx, fn](request& req, const caller& call) { return fn(req, call, ctx); };
    };
    r.add({.method = "POST",
           .path = "/api/v1/orders",
           .idempotent = true,
           .status = 201,
           .request_schema = "OrderCreate",
           .response_schema = "OrderWithNotes",
           .summary = "Create an order (customers for themselves, staff for their site)"},
          bind(create_order));
    r.add(
        {.method = "GET",
         .path = "/api/v1/orders",
         .response_schema = "OrderPage",
         .summary = "List the orders the caller may see, newest first",
         .query = {"status", "site", "station", "customer", "assignee", "updated_since", "cursor", "limit"}},
        bind(list_orders));
    r.add({.method = "GET",
           .path = "/api/v1/orders/{id}",
           .response_schema = "OrderWithNotes",
           .summary = "Read one order with its notes (ETag: its version)"},
          bind(get_order));
    r.add({.method = "PATCH",
           .path = "/api/v1/orders/{id}",
           .request_schema = "OrderPatch",
           .response_schema = "Order",
           .summary = "Change status, priority, assignment, progress or attributes (If-Match honoured)"},
          bind(patch_order));
    r.add({.method = "POST",
           .path = "/api/v1/orders/{id}/notes",
           .status = 201,
           .request_schema = "NoteCreate",
           .response_schema = "Note",
           .summary = "Add a note to an order the caller may see"},
          bind(add_note));
    r.add({.method = "POST",
           .path = "/api/v1/orders/{id}/payments",
           .idempotent = true,
           .status = 201,
           .request_schema = "PaymentCreate",
           .response_schema = "Payment",
           .summary = "Record a payment the order's provider reported; publishes payment_processed or "
                      "payment_failed (staff of its site, services, admins)"},
          bind(record_payment));
    r.add({.method = "GET",
           .path = "/api/v1/orders/{id}/logs",
           .response_schema = "OrderLogs",
           .summary = "The order's production log, oldest first (staff of its site and admins)",
           .query = {"limit"}},
          bind(order_logs));
}

}  // namespace ordercast::api

// /api/v1/operations (seed 002): a client starts an operation (202 with where to watch it),
// the worker reports progress, completion or failure, anyone allowed polls it, and the
// owner or staff may ask for cancellation. The service owns the rules and the events.
#include <fmt/format.h>

#include "api/api_context.hpp"
#include "api/bearer_auth.hpp"
#include "api/rest_support.hpp"
#include "api/router.hpp"
#include "domain/operations/operation_json.hpp"
#include "domain/operations/operation_service.hpp"

namespace ordercast::api {
namespace {

namespace ops = domain::operations;

response operation_response(int status, const store::operation_record& op) {
    return json_response(status, ops::operation_json(op));
}

response create_operation(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto draft = ops::parse_operation_draft(req.body);
    if (!draft) return domain_error_response(draft.error());
    std::optional<domain::idempotency> idem;
    if (!req.idempotency_key.empty()) {
        if (!valid_idempotency_key(req.idempotency_key, refusal)) return refusal;
        idem = domain::idempotency{req.idempotency_key, domain::request_fingerprint(req.method, req.path, req.body)};
    }
    // The resource, plus where to follow it: subscribe to `channel` on `websocketUrl`.
    auto made = ctx.operations->create(*who, *draft, idem ? &*idem : nullptr);
    if (!made) return domain_error_response(made.error());
    response r = json_response(made->status, std::move(made->body));
    if (!made->id.empty()) r.headers.emplace_back("Location", fmt::format("/api/v1/operations/{}", made->id));
    if (made->replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

response get_operation(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto op = ctx.operations->get(*who, req.path_params[0]);
    if (!op) return domain_error_response(op.error());
    return operation_response(200, *op);
}

response report_progress(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto report = ops::parse_progress_report(req.body, static_cast<std::size_t>(ctx.operations->config().max_message_bytes));
    if (!report) return domain_error_response(report.error());
    auto op = ctx.operations->report_progress(*who, req.path_params[0], *report);
    if (!op) return domain_error_response(op.error());
    return operation_response(200, *op);
}

response complete_operation(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto c = ops::parse_completion(req.body, static_cast<std::size_t>(ctx.operations->config().max_message_bytes));
    if (!c) return domain_error_response(c.error());
    auto op = ctx.operations->complete(*who, req.path_params[0], *c);
    if (!op) return domain_error_response(op.error());
    return operation_response(200, *op);
}

response fail_operation(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto f = ops::parse_failure(req.body, static_cast<std::size_t>(ctx.operations->config().max_message_bytes));
    if (!f) return domain_error_response(f.error());
    auto op = ctx.operations->fail(*who, req.path_params[0], *f);
    if (!op) return domain_error_response(op.error());
    return operation_response(200, *op);
}

response cancel_operation(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto op = ctx.operations->cancel(*who, req.path_params[0]);
    if (!op) return domain_error_response(op.error());
    return operation_response(202, *op);
}

}  // namespace

void add_operation_routes(router& r, api_context& ctx) {
    r.add("POST", "/api/v1/operations", [&ctx](request& req) { return create_operation(req, ctx); });
    r.add("GET", "/api/v1/operations/{id}", [&ctx](request& req) { return get_operation(req, ctx); });
    r.add("POST", "/api/v1/operations/{id}/progress", [&ctx](request& req) { return report_progress(req, ctx); });
    r.add("POST", "/api/v1/operations/{id}/complete", [&ctx](request& req) { return complete_operation(req, ctx); });
    r.add("POST", "/api/v1/operations/{id}/fail", [&ctx](request& req) { return fail_operation(req, ctx); });
    r.add("POST", "/api/v1/operations/{id}/cancel", [&ctx](request& req) { return cancel_operation(req, ctx); });
}

}  // namespace ordercast::api

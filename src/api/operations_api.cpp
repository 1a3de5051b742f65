// /api/v1/operations (the scheduler's long-running jobs): a client starts an operation (202 with where to
// watch it), the worker reports progress, completion or failure, anyone allowed polls it, and the owner or
// staff may ask for cancellation. The router has authenticated the caller (any role); the service owns who
// may do what, and the events.
#include <fmt/format.h>

#include "api/api_context.hpp"
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

using create_mode = ops::operation_service::create_mode;

response create(const ops::operation_draft& draft, create_mode mode, const caller& call, api_context& ctx) {
    // The resource, plus where to follow it: subscribe to `channel` on `websocketUrl`.
    auto made = ctx.operations->create(call.who(), draft, call.idempotency, mode);
    if (!made) return domain_error_response(made.error());
    response r = json_response(made->status, std::move(made->body));
    if (!made->id.empty()) r.headers.emplace_back("Location", fmt::format("/api/v1/operations/{}", made->id));
    if (made->replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

response create_operation(request& req, const caller& call, api_context& ctx) {
    auto draft = ops::parse_operation_draft(req.body);
    if (!draft) return domain_error_response(draft.error());
    return create(*draft, create_mode::post, call, ctx);
}

response put_operation(request& req, const caller& call, api_context& ctx) {
    auto draft = ops::parse_operation_put(req.path_params[0], req.body);
    if (!draft) return domain_error_response(draft.error());
    return create(*draft, create_mode::put, call, ctx);
}

response reassign_operation(request& req, const caller& call, api_context& ctx) {
    auto r = ops::parse_operation_reassignment(req.body);
    if (!r) return domain_error_response(r.error());
    auto op = ctx.operations->reassign(call.who(), req.path_params[0], *r);
    if (!op) return domain_error_response(op.error());
    return operation_response(200, *op);
}

response delete_operation(request& req, const caller& call, api_context& ctx) {
    auto op = ctx.operations->remove(call.who(), req.path_params[0]);
    if (!op) return domain_error_response(op.error());
    response r;
    r.status = 204;
    return r;
}

// The scheduler's poll: the operation under the scheduler's names.
response poll_schedule(request& req, const caller& call, api_context& ctx) {
    auto op = ctx.operations->get(call.who(), req.path_params[0]);
    if (!op) return domain_error_response(op.error());
    return json_response(200, ops::schedule_poll_json(*op));
}

response get_operation(request& req, const caller& call, api_context& ctx) {
    auto op = ctx.operations->get(call.who(), req.path_params[0]);
    if (!op) return domain_error_response(op.error());
    return operation_response(200, *op);
}

response report_progress(request& req, const caller& call, api_context& ctx) {
    auto report = ops::parse_progress_report(
        req.body, static_cast<std::size_t>(ctx.operations->config().max_message_bytes));
    if (!report) return domain_error_response(report.error());
    auto op = ctx.operations->report_progress(call.who(), req.path_params[0], *report);
    if (!op) return domain_error_response(op.error());
    return operation_response(200, *op);
}

response complete_operation(request& req, const caller& call, api_context& ctx) {
    auto c =
        ops::parse_completion(req.body, static_cast<std::size_t>(ctx.operations->config().max_message_bytes));
    if (!c) return domain_error_response(c.error());
    auto op = ctx.operations->complete(call.who(), req.path_params[0], *c);
    if (!op) return domain_error_response(op.error());
    return operation_response(200, *op);
}

response fail_operation(request& req, const caller& call, api_context& ctx) {
    auto f =
        ops::parse_failure(req.body, static_cast<std::size_t>(ctx.operations->config().max_message_bytes));
    if (!f) return domain_error_response(f.error());
    auto op = ctx.operations->fail(call.who(), req.path_params[0], *f);
    if (!op) return domain_error_response(op.error());
    return operation_response(200, *op);
}

response cancel_operation(request& req, const caller& call, api_context& ctx) {
    auto op = ctx.operations->cancel(call.who(), req.path_params[0]);
    if (!op) return domain_error_response(op.error());
    return operation_response(202, *op);
}

}  // namespace

void add_operation_routes(router& r, api_context& ctx) {
    auto bind = [&ctx](response (*fn)(request&, const caller&, api_context&)) {
        return [&ctx, fn](request& req, const caller& call) { return fn(req, call, ctx); };
    };
    r.add({.method = "POST",
           .path = "/api/v1/operations",
           .idempotent = true,
           .status = 202,
           .request_schema = "OperationCreate",
           .response_schema = "OperationStarted",
           .summary = "Start a long-running operation; follow it on its channel or poll it"},
          bind(create_operation));
    r.add({.method = "PUT",
           .path = "/api/v1/operations/{id}",
           .idempotent = true,
           .status = 202,
           .request_schema = "OperationCreate",
           .response_schema = "OperationStarted",
           .summary =
               "Start an operation under the caller's own id; the same PUT again answers it as it is now"},
          bind(put_operation));
    r.add({.method = "GET",
           .path = "/api/v1/operations/{id}",
           .response_schema = "Operation",
           .summary = "Read an operation (owner, creator, staff of its site, admin, service)"},
          bind(get_operation));
    r.add({.method = "PATCH",
           .path = "/api/v1/operations/{id}",
           .who = access::roles({auth::role::admin, auth::role::service},
                                "only an admin or a service may hand an operation to another owner or site"),
           .request_schema = "OperationReassignment",
           .response_schema = "Operation",
           .summary = "Change the operation's owner or site; its progress connections are closed (1008)"},
          bind(reassign_operation));
    r.add(
        {.method = "DELETE",
         .path = "/api/v1/operations/{id}",
         .who = access::roles({auth::role::admin, auth::role::service},
                              "only an admin or a service may delete an operation; ask to cancel it instead"),
         .status = 204,
         .summary = "Delete the operation; its progress connections are closed (1008)"},
        bind(delete_operation));
    r.add({.method = "GET",
           .path = "/schedule/{id}",
           .response_schema = "SchedulePoll",
           .summary = "The scheduler's poll of one schedule: the operation in its snake_case names"},
          bind(poll_schedule));
    r.add({.method = "POST",
           .path = "/api/v1/operations/{id}/progress",
           .request_schema = "ProgressReport",
           .response_schema = "Operation",
           .summary = "Report progress (the worker that created it, admin, service)"},
          bind(report_progress));
    r.add({.method = "POST",
           .path = "/api/v1/operations/{id}/complete",
           .request_schema = "OperationCompletion",
           .response_schema = "Operation",
           .summary = "Complete the operation with its result (the worker)"},
          bind(complete_operation));
    r.add({.method = "POST",
           .path = "/api/v1/operations/{id}/fail",
           .request_schema = "OperationFailure",
           .response_schema = "Operation",
           .summary = "Fail the operation with an error code (the worker)"},
          bind(fail_operation));
    r.add({.method = "POST",
           .path = "/api/v1/operations/{id}/cancel",
           .status = 202,
           .response_schema = "Operation",
           .summary = "Ask for cancellation (whoever may read it)"},
          bind(cancel_operation));
}

}  // namespace ordercast::api

// The job queue over REST (docs/rest.md "Job queue"): /api/v1/queue/... and the same routes
// at the bare /queue/... paths the factory's cutter tools call. The router admits staff, admin and service
// tokens (customers get 403); each handler parses, asks the queue service and renders. The service owns site
// access, the transaction and the events.
#include <span>
#include <vector>

#include <fmt/format.h>

#include "api/api_context.hpp"
#include "api/rest_support.hpp"
#include "api/router.hpp"
#include "core/json_writer.hpp"
#include "domain/order_service.hpp"
#include "domain/queue/job_json.hpp"
#include "domain/queue/queue_service.hpp"

namespace ordercast::api {
namespace {

namespace q = domain::queue;

response job_response(int status, const store::job_record& job) {
    return json_response(status, q::job_json(job));
}

response counts_response(const q::queue_counts& c) {
    std::string body;
    core::json_writer w(body);
    w.begin_object().field_or_null("siteId", c.site_id);
    q::write_queue_counts(w, c);
    w.end_object();
    return json_response(200, std::move(body));
}

// Parses an action body with the given fields, then runs `fn(who, action)`.
template <class F>
response with_action(const request& req, const caller& call, std::span<const std::string_view> fields,
                     F&& fn) {
    auto action = q::parse_job_action(req.body, fields);
    if (!action) return domain_error_response(action.error());
    return fn(call.who(), *action);
}

constexpr std::string_view k_site_fields_array[] = {"siteId", "stationId"};
constexpr std::span<const std::string_view> k_site_fields(k_site_fields_array);

response job_outcome(const domain::outcome<store::job_record>& r) {
    if (!r) return domain_error_response(r.error());
    return job_response(200, *r);
}

response queue_status(request& req, const caller& call, api_context& ctx) {
    response refusal;
    auto params = query_params::parse(req.query, call.route.query, refusal);
    if (!params) return refusal;
    auto counts = ctx.queue->status(call.who(), params->get("site"));
    if (!counts) return domain_error_response(counts.error());
    return counts_response(*counts);
}

response list_jobs(request& req, const caller& call, api_context& ctx) {
    response refusal;
    auto params = query_params::parse(req.query, call.route.query, refusal);
    if (!params) return refusal;
    q::job_query query;
    query.status = params->get("status");
    for (auto& ch : query.status) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    query.site_id = params->get("site");
    query.station_id = params->get("station");
    query.order_id = params->get("order");
    query.cursor = params->get("cursor");
    auto limit = params->integer("limit", 100, refusal);
    if (!limit) return refusal;
    query.limit = *limit;
    auto page = ctx.queue->list(call.who(), std::move(query));
    if (!page) return domain_error_response(page.error());
    std::string body;
    body.reserve(page->jobs.size() * 700 + 64);
    core::json_writer w(body);
    w.begin_object().key("jobs").begin_array();
    for (const auto& j : page->jobs) q::write_job(w, j);
    w.end_array().field_or_null("nextCursor", page->next_cursor);
    w.end_object();
    return json_response(200, std::move(body));
}

response get_job(request& req, const caller& call, api_context& ctx) {
    return job_outcome(ctx.queue->get(call.who(), req.path_params[0]));
}

response submit_job(request& req, const caller& call, api_context& ctx, std::string_view base) {
    auto draft = q::parse_job_draft(req.body);
    if (!draft) return domain_error_response(draft.error());
    bool replayed = false;
    auto job = ctx.queue->submit(call.who(), *draft, call.idempotency, &replayed);
    if (!job) return domain_error_response(job.error());
    response r = job_response(201, *job);
    r.headers.emplace_back("Location", fmt::format("{}/jobs/{}", base, job->id));
    if (replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

response process_next(request& req, const caller& call, api_context& ctx) {
    return with_action(req, call, k_site_fields, [&](const auth::principal& who, const q::job_action& a) {
        auto job = ctx.queue->process_next(who, a);
        if (!job) return domain_error_response(job.error());
        std::string body;
        core::json_writer w(body);
        w.begin_object().key("job");
        if (*job)
            q::write_job(w, **job);
        else
            w.null();
        w.end_object();
        return json_response(200, std::move(body));
    });
}

response set_paused(request& req, const caller& call, api_context& ctx, bool paused) {
    return with_action(req, call, k_site_fields, [&](const auth::principal& who, const q::job_action& a) {
        auto counts = ctx.queue->set_paused(who, a, paused);
        if (!counts) return domain_error_response(counts.error());
        return counts_response(*counts);
    });
}

// The routes' common declaration: the queue is for staff of a site, admin and service.
route_spec queue_route(std::string_view method, std::string path, std::string_view summary) {
    constexpr access k_queue_access = access::roles(
        {auth::role::employee, auth::role::operator_, auth::role::manager, auth::role::admin,
         auth::role::service},
        "the job queue is for staff of the site (employee, operator, manager), admin and service tokens");
    return {.method = method, .path = std::move(path), .who = k_queue_access, .summary = summary};
}

// One job action: POST {base}/jobs/{id}/{action} with a body of `fields` (or none), answered
// with the job.
struct job_action_route {
    std::string_view action;
    std::string_view request_schema;  // empty: the body must be empty or {}
    std::vector<std::string_view> fields;
    std::string_view summary;
    domain::outcome<store::job_record> (*call)(q::queue_service&, const auth::principal&, std::string_view,
                                               const q::job_action&);
};

std::vector<job_action_route> job_action_routes() {
    using svc = q::queue_service;
    using who_t = const auth::principal&;
    using act_t = const q::job_action&;
    using result = domain::outcome<store::job_record>;
    return {
        {"process",
         "JobProcess",
         {"stationId"},
         "QUEUED to PROCESSING for the caller",
         [](svc& s, who_t w, std::string_view id, act_t a) { return s.process(w, id, a); }},
        {"complete",
         "JobComplete",
         {"notes"},
         "PROCESSING to COMPLETED (the order moves on)",
         [](svc& s, who_t w, std::string_view id, act_t a) { return s.complete(w, id, a); }},
        {"fail",
         "JobFail",
         {"error", "errorCode", "transient"},
         "PROCESSING to FAILED, or back to QUEUED for a transient failure under the retry limit",
         [](svc& s, who_t w, std::string_view id, act_t a) { return s.fail(w, id, a); }},
        {"cancel",
         "JobCancel",
         {"reason"},
         "PENDING, QUEUED, PAUSED or FAILED to CANCELLED",
         [](svc& s, who_t w, std::string_view id, act_t a) { return s.cancel(w, id, a); }},
        {"retry",
         {},
         {},
         "FAILED to QUEUED",
         [](svc& s, who_t w, std::string_view id, act_t) { return s.retry(w, id); }},
        {"pause",
         {},
         {},
         "PENDING or QUEUED to PAUSED (held)",
         [](svc& s, who_t w, std::string_view id, act_t) { return s.hold(w, id); }},
        {"resume",
         {},
         {},
         "PENDING or PAUSED to QUEUED",
         [](svc& s, who_t w, std::string_view id, act_t) { return s.release(w, id); }},
        {"priority",
         "JobPriority",
         {"priority"},
         "Override the priority while PENDING, QUEUED, PAUSED or FAILED",
         [](svc& s, who_t w, std::string_view id, act_t a) {
             if (!a.priority)
                 return result(domain::fail(core::error_code::invalid_value,
                                            "\"priority\" is required: 1 (URGENT) to 4 (LOW), or its name"));
             return s.set_priority(w, id, *a.priority);
         }},
    };
}

void add_routes_at(router& r, api_context& ctx, const std::string& base) {
    auto bind = [&ctx](response (*fn)(request&, const caller&, api_context&)) {
        return [&ctx, fn](request& req, const caller& call) { return fn(req, call, ctx); };
    };
    auto status = queue_route("GET", base + "/status", "Job counts of a site's queue");
    status.response_schema = "QueueStatus";
    status.query = {"site"};
    r.add(std::move(status), bind(queue_status));

    auto list = queue_route("GET", base + "/jobs", "List jobs, oldest first");
    list.response_schema = "JobPage";
    list.query = {"status", "site", "station", "order", "cursor", "limit"};
    r.add(std::move(list), bind(list_jobs));

    auto submit = queue_route("POST", base + "/jobs", "Submit a job (QUEUED, or PENDING when held)");
    submit.idempotent = true;
    submit.status = 201;
    submit.request_schema = "JobCreate";
    submit.response_schema = "Job";
    r.add(std::move(submit),
          [&ctx, base](request& req, const caller& call) { return submit_job(req, call, ctx, base); });

    auto get = queue_route("GET", base + "/jobs/{id}", "Read one job");
    get.response_schema = "Job";
    r.add(std::move(get), bind(get_job));

    for (auto& a : job_action_routes()) {
        auto spec = queue_route("POST", fmt::format("{}/jobs/{{id}}/{}", base, a.action), a.summary);
        spec.request_schema = a.request_schema;
        spec.response_schema = "Job";
        r.add(std::move(spec), [&ctx, fields = std::move(a.fields), run = a.call](request& req,
                                                                                  const caller& call) {
            return with_action(req, call, fields, [&](const auth::principal& who, const q::job_action& act) {
                return job_outcome(run(*ctx.queue, who, req.path_params[0], act));
            });
        });
    }

    auto next =
        queue_route("POST", base + "/process-next", "Take the best due QUEUED job, or {\"job\": null}");
    next.request_schema = "QueueTarget";
    next.response_schema = "ProcessNextResult";
    r.add(std::move(next), bind(process_next));
    for (bool paused : {true, false}) {
        auto spec = queue_route(
            "POST", base + (paused ? "/pause" : "/resume"),
            paused ? "Pause the site's queue (or one station)" : "Resume the site's queue (or one station)");
        spec.request_schema = "QueueTarget";
        spec.response_schema = "QueueStatus";
        r.add(std::move(spec), [&ctx, paused](request& req, const caller& call) {
            return set_paused(req, call, ctx, paused);
        });
    }
}

}  // namespace

void add_queue_routes(router& r, api_context& ctx) {
    add_routes_at(r, ctx, "/api/v1/queue");
    add_routes_at(r, ctx, "/queue");
}

}  // namespace ordercast::api

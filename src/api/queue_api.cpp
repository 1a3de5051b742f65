// The job queue over REST (docs/rest.md "Job queue"): /api/v1/queue/... and the same routes
// at seed 000's bare /queue/... paths. Each handler authenticates, parses, asks the queue
// service and renders; the service owns access, the transaction and the events.
#include <span>
#include <vector>

#include <fmt/format.h>

#include "api/api_context.hpp"
#include "api/bearer_auth.hpp"
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

// Authenticates and parses an action body with the given fields.
template <class F>
response with_action(request& req, api_context& ctx, std::span<const std::string_view> fields, F&& fn) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto action = q::parse_job_action(req.body, fields);
    if (!action) return domain_error_response(action.error());
    return fn(*who, *action);
}

constexpr std::string_view k_site_fields_array[] = {"siteId", "stationId"};
constexpr std::span<const std::string_view> k_site_fields(k_site_fields_array);

response job_outcome(const domain::outcome<store::job_record>& r) {
    if (!r) return domain_error_response(r.error());
    return job_response(200, *r);
}

response queue_status(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto params = query_params::parse(req.query, {"site"}, refusal);
    if (!params) return refusal;
    auto c = ctx.queue->status(*who, params->get("site"));
    if (!c) return domain_error_response(c.error());
    return counts_response(*c);
}

response list_jobs(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto params =
        query_params::parse(req.query, {"status", "site", "station", "order", "cursor", "limit"}, refusal);
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
    auto page = ctx.queue->list(*who, std::move(query));
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

response get_job(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    return job_outcome(ctx.queue->get(*who, req.path_params[0]));
}

response submit_job(request& req, api_context& ctx, std::string_view base) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto draft = q::parse_job_draft(req.body);
    if (!draft) return domain_error_response(draft.error());
    std::optional<domain::idempotency> idem;
    if (!req.idempotency_key.empty()) {
        if (!valid_idempotency_key(req.idempotency_key, refusal)) return refusal;
        idem = domain::idempotency{req.idempotency_key, domain::request_fingerprint(req.method, req.path, req.body)};
    }
    bool replayed = false;
    auto job = ctx.queue->submit(*who, *draft, idem ? &*idem : nullptr, &replayed);
    if (!job) return domain_error_response(job.error());
    response r = job_response(201, *job);
    r.headers.emplace_back("Location", fmt::format("{}/jobs/{}", base, job->id));
    if (replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

response process_next(request& req, api_context& ctx) {
    return with_action(req, ctx, k_site_fields, [&](const auth::principal& who, const q::job_action& a) {
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

response set_paused(request& req, api_context& ctx, bool paused) {
    return with_action(req, ctx, k_site_fields, [&](const auth::principal& who, const q::job_action& a) {
        auto c = ctx.queue->set_paused(who, a, paused);
        if (!c) return domain_error_response(c.error());
        return counts_response(*c);
    });
}

void add_routes_at(router& r, api_context& ctx, const std::string& base) {
    auto job_action = [&](const char* path, std::initializer_list<std::string_view> names, auto call) {
        // The route keeps its own copy of the field names (the list dies with this call).
        std::vector<std::string_view> fields(names);
        r.add("POST", base + "/jobs/{id}/" + path, [&ctx, fields, call](request& req) {
            return with_action(req, ctx, fields, [&](const auth::principal& who, const q::job_action& a) {
                return job_outcome(call(*ctx.queue, who, req.path_params[0], a));
            });
        });
    };
    r.add("GET", base + "/status", [&ctx](request& req) { return queue_status(req, ctx); });
    r.add("GET", base + "/jobs", [&ctx](request& req) { return list_jobs(req, ctx); });
    r.add("POST", base + "/jobs", [&ctx, base](request& req) { return submit_job(req, ctx, base); });
    r.add("GET", base + "/jobs/{id}", [&ctx](request& req) { return get_job(req, ctx); });
    using svc = q::queue_service;
    using who_t = const auth::principal&;
    using act_t = const q::job_action&;
    job_action("process", {"stationId"},
               [](svc& s, who_t w, std::string_view id, act_t a) { return s.process(w, id, a); });
    job_action("complete", {"notes"},
               [](svc& s, who_t w, std::string_view id, act_t a) { return s.complete(w, id, a); });
    job_action("fail", {"error", "errorCode", "transient"},
               [](svc& s, who_t w, std::string_view id, act_t a) { return s.fail(w, id, a); });
    job_action("cancel", {"reason"},
               [](svc& s, who_t w, std::string_view id, act_t a) { return s.cancel(w, id, a); });
    job_action("retry", {}, [](svc& s, who_t w, std::string_view id, act_t) { return s.retry(w, id); });
    job_action("pause", {}, [](svc& s, who_t w, std::string_view id, act_t) { return s.hold(w, id); });
    job_action("resume", {}, [](svc& s, who_t w, std::string_view id, act_t) { return s.release(w, id); });
    job_action("priority", {"priority"}, [](svc& s, who_t w, std::string_view id, act_t a) {
        if (!a.priority)
            return domain::outcome<store::job_record>(
                domain::fail(core::error_code::invalid_value,
                             "\"priority\" is required: 1 (URGENT) to 4 (LOW), or its name"));
        return s.set_priority(w, id, *a.priority);
    });
    r.add("POST", base + "/process-next", [&ctx](request& req) { return process_next(req, ctx); });
    r.add("POST", base + "/pause", [&ctx](request& req) { return set_paused(req, ctx, true); });
    r.add("POST", base + "/resume", [&ctx](request& req) { return set_paused(req, ctx, false); });
}

}  // namespace

void add_queue_routes(router& r, api_context& ctx) {
    add_routes_at(r, ctx, "/api/v1/queue");
    add_routes_at(r, ctx, "/queue");
}

}  // namespace ordercast::api

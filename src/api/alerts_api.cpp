// /api/v1/alerts: raise (staff of the site, services, admins), list by state and site, read,
// acknowledge and resolve. The service owns the rules, the store and the events.
#include "api/api_context.hpp"
#include "api/bearer_auth.hpp"
#include "api/rest_support.hpp"
#include "api/router.hpp"
#include "domain/alerts/alert_service.hpp"

namespace ordercast::api {
namespace {

namespace alerts = domain::alerts;

response raise_alert(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto draft = alerts::parse_alert_draft(req.body);
    if (!draft) return domain_error_response(draft.error());
    std::optional<domain::idempotency> idem;
    if (!req.idempotency_key.empty()) {
        if (!valid_idempotency_key(req.idempotency_key, refusal)) return refusal;
        idem = domain::idempotency{req.idempotency_key, domain::request_fingerprint(req.method, req.path, req.body)};
    }
    bool replayed = false;
    auto a = ctx.alerts->raise(*who, *draft, idem ? &*idem : nullptr, &replayed);
    if (!a) return domain_error_response(a.error());
    response r = json_response(201, alerts::alert_json(*a));
    r.headers.emplace_back("Location", "/api/v1/alerts/" + a->id);
    if (replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

response list_alerts(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto q = query_params::parse(req.query, {"state", "site", "limit"}, refusal);
    if (!q) return refusal;
    store::alert_filter f;
    f.state = q->get("state");
    f.site_id = q->get("site");
    auto limit = q->integer("limit", 100, refusal);
    if (!limit) return refusal;
    f.limit = *limit;
    auto list = ctx.alerts->list(*who, std::move(f));
    if (!list) return domain_error_response(list.error());
    std::string body = R"({"alerts":[)";
    for (std::size_t i = 0; i < list->size(); ++i) {
        if (i != 0) body.push_back(',');
        body += alerts::alert_json((*list)[i]);
    }
    body += "]}";
    return json_response(200, std::move(body));
}

response get_alert(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto a = ctx.alerts->get(*who, req.path_params[0]);
    if (!a) return domain_error_response(a.error());
    return json_response(200, alerts::alert_json(*a));
}

response ack_alert(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto a = ctx.alerts->acknowledge(*who, req.path_params[0]);
    if (!a) return domain_error_response(a.error());
    return json_response(200, alerts::alert_json(*a));
}

response resolve_alert(request& req, api_context& ctx) {
    response refusal;
    auto who = authenticate(req, ctx.verifier, refusal);
    if (!who) return refusal;
    auto a = ctx.alerts->resolve(*who, req.path_params[0]);
    if (!a) return domain_error_response(a.error());
    return json_response(200, alerts::alert_json(*a));
}

}  // namespace

void add_alert_routes(router& r, api_context& ctx) {
    r.add("POST", "/api/v1/alerts", [&ctx](request& req) { return raise_alert(req, ctx); });
    r.add("GET", "/api/v1/alerts", [&ctx](request& req) { return list_alerts(req, ctx); });
    r.add("GET", "/api/v1/alerts/{id}", [&ctx](request& req) { return get_alert(req, ctx); });
    r.add("POST", "/api/v1/alerts/{id}/ack", [&ctx](request& req) { return ack_alert(req, ctx); });
    r.add("POST", "/api/v1/alerts/{id}/resolve", [&ctx](request& req) { return resolve_alert(req, ctx); });
}

}  // namespace ordercast::api

// /api/v1/alerts: raise (staff of the site, services, admins), list by state and site, read,
// acknowledge and resolve. The router has authenticated the caller (any role: a customer is
// answered by the service, 403 or 404 as for another site's alert); the service owns the
// rules, the store and the events.
#include "api/api_context.hpp"
#include "api/rest_support.hpp"
#include "api/router.hpp"
#include "domain/alerts/alert_service.hpp"

namespace ordercast::api {
namespace {

namespace alerts = domain::alerts;

response raise_alert(request& req, const caller& call, api_context& ctx) {
    auto draft = alerts::parse_alert_draft(req.body);
    if (!draft) return domain_error_response(draft.error());
    bool replayed = false;
    auto a = ctx.alerts->raise(call.who(), *draft, call.idempotency, &replayed);
    if (!a) return domain_error_response(a.error());
    response r = json_response(201, alerts::alert_json(*a));
    r.headers.emplace_back("Location", "/api/v1/alerts/" + a->id);
    if (replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

response list_alerts(request& req, const caller& call, api_context& ctx) {
    response refusal;
    auto q = query_params::parse(req.query, call.route.query, refusal);
    if (!q) return refusal;
    store::alert_filter f;
    f.state = q->get("state");
    f.site_id = q->get("site");
    auto limit = q->integer("limit", 100, refusal);
    if (!limit) return refusal;
    f.limit = *limit;
    auto list = ctx.alerts->list(call.who(), std::move(f));
    if (!list) return domain_error_response(list.error());
    std::string body = R"({"alerts":[)";
    for (std::size_t i = 0; i < list->size(); ++i) {
        if (i != 0) body.push_back(',');
        body += alerts::alert_json((*list)[i]);
    }
    body += "]}";
    return json_response(200, std::move(body));
}

response get_alert(request& req, const caller& call, api_context& ctx) {
    auto a = ctx.alerts->get(call.who(), req.path_params[0]);
    if (!a) return domain_error_response(a.error());
    return json_response(200, alerts::alert_json(*a));
}

response ack_alert(request& req, const caller& call, api_context& ctx) {
    auto a = ctx.alerts->acknowledge(call.who(), req.path_params[0]);
    if (!a) return domain_error_response(a.error());
    return json_response(200, alerts::alert_json(*a));
}

response resolve_alert(request& req, const caller& call, api_context& ctx) {
    auto a = ctx.alerts->resolve(call.who(), req.path_params[0]);
    if (!a) return domain_error_response(a.error());
    return json_response(200, alerts::alert_json(*a));
}

}  // namespace

void add_alert_routes(router& r, api_context& ctx) {
    auto bind = [&ctx](response (*fn)(request&, const caller&, api_context&)) {
        return [&ctx, fn](request& req, const caller& call) { return fn(req, call, ctx); };
    };
    r.add({.method = "POST",
           .path = "/api/v1/alerts",
           .idempotent = true,
           .status = 201,
           .request_schema = "AlertCreate",
           .response_schema = "Alert",
           .summary = "Raise an alert for a site (staff of the site, services, admins)"},
          bind(raise_alert));
    r.add({.method = "GET",
           .path = "/api/v1/alerts",
           .response_schema = "AlertList",
           .summary = "List alerts by state and site, newest first (staff see their site only)",
           .query = {"state", "site", "limit"}},
          bind(list_alerts));
    r.add({.method = "GET",
           .path = "/api/v1/alerts/{id}",
           .response_schema = "Alert",
           .summary = "Read one alert"},
          bind(get_alert));
    r.add({.method = "POST",
           .path = "/api/v1/alerts/{id}/ack",
           .response_schema = "Alert",
           .summary = "Acknowledge an open alert"},
          bind(ack_alert));
    r.add({.method = "POST",
           .path = "/api/v1/alerts/{id}/resolve",
           .response_schema = "Alert",
           .summary = "Resolve an open or acknowledged alert"},
          bind(resolve_alert));
}

}  // namespace ordercast::api

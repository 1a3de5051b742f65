// GET /health, /ready, /metrics (Prometheus text), /api/metrics (JSON): public, for probes
// and scrapers that carry no token.
#include "api/api_context.hpp"
#include "api/router.hpp"
#include "core/metrics.hpp"

namespace ordercast::api {

void add_health_routes(router& r, api_context& ctx) {
    r.add({.method = "GET",
           .path = "/health",
           .who = access::anyone(),
           .response_schema = "Health",
           .summary = "Liveness: 200 while the process runs"},
          [](request&, const caller&) { return json_response(200, R"({"status":"ok"})"); });
    r.add({.method = "GET",
           .path = "/ready",
           .who = access::anyone(),
           .response_schema = "Ready",
           .summary = "Readiness: 200, or 503 SERVICE_UNAVAILABLE once shutdown began"},
          [&ctx](request&, const caller&) {
              if (ctx.shutting_down.load(std::memory_order_relaxed))
                  return error_response(core::error_code::service_unavailable, "the server is shutting down");
              return json_response(200, R"({"status":"ready"})");
          });
    r.add({.method = "GET",
           .path = "/metrics",
           .who = access::anyone(),
           .summary = "Prometheus text exposition of the server's counters, gauges and histograms",
           .content_type = "text/plain; version=0.0.4"},
          [](request&, const caller&) {
              response res;
              res.content_type = "text/plain; version=0.0.4";
              res.body = core::global_metrics().render_prometheus();
              return res;
          });
    r.add({.method = "GET",
           .path = "/api/metrics",
           .who = access::anyone(),
           .response_schema = "Metrics",
           .summary = "The same figures as /metrics, as one JSON object"},
          [](request&, const caller&) { return json_response(200, core::global_metrics().render_json()); });
}

}  // namespace ordercast::api

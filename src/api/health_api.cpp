// GET /health, /ready, /metrics (Prometheus text), /api/metrics (JSON).
#include "api/api_context.hpp"
#include "api/router.hpp"
#include "core/metrics.hpp"

namespace ordercast::api {

void add_health_routes(router& r, api_context& ctx) {
    r.add("GET", "/health", [](request&) { return json_response(200, R"({"status":"ok"})"); });
    r.add("GET", "/ready", [&ctx](request&) {
        if (ctx.shutting_down.load(std::memory_order_relaxed))
            return error_response(core::error_code::service_unavailable, "the server is shutting down");
        return json_response(200, R"({"status":"ready"})");
    });
    r.add("GET", "/metrics", [](request&) {
        response res;
        res.content_type = "text/plain; version=0.0.4";
        res.body = core::global_metrics().render_prometheus();
        return res;
    });
    r.add("GET", "/api/metrics", [](request&) { return json_response(200, core::global_metrics().render_json()); });
}

}  // namespace ordercast::api

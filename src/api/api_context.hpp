#pragma once
// What the REST handlers share. Built by the application; outlives the router. (The router
// itself authenticates: handlers get the verified principal, not the verifier.)
#include <atomic>

namespace ordercast::hub {
class hub;
}
namespace ordercast::domain {
class order_service;
class customer_service;
}  // namespace ordercast::domain
namespace ordercast::domain::queue {
class queue_service;
}
namespace ordercast::domain::operations {
class operation_service;
}
namespace ordercast::domain::alerts {
class alert_service;
}
namespace ordercast::domain::floor {
class floor_service;
}

namespace ordercast::api {

struct api_context {
    hub::hub& hub;
    const std::atomic<bool>& shutting_down;                       // /ready answers 503 once set
    domain::order_service* orders = nullptr;                      // required by add_order_routes
    domain::customer_service* customers = nullptr;                // required by add_customer_routes
    domain::queue::queue_service* queue = nullptr;                // required by add_queue_routes
    domain::operations::operation_service* operations = nullptr;  // required by add_operation_routes
    domain::alerts::alert_service* alerts = nullptr;              // required by add_alert_routes
    domain::floor::floor_service* floor = nullptr;                // required by add_floor_routes
};

class router;

// POST /api/v1/publish, POST /api/v1/broadcast (service and admin tokens).
void add_publish_routes(router& r, api_context& ctx);
// GET /health, /ready, /metrics, /api/metrics.
void add_health_routes(router& r, api_context& ctx);
// /api/v1/orders, /api/v1/orders/{id}, .../notes, .../logs (docs/rest.md).
void add_order_routes(router& r, api_context& ctx);
// /api/v1/customers, /api/v1/customers/{id}.
void add_customer_routes(router& r, api_context& ctx);
// /api/v1/queue/... and the seed's bare /queue/... (docs/rest.md "Job queue").
void add_queue_routes(router& r, api_context& ctx);
// /api/v1/operations, /api/v1/operations/{id}[/progress|/complete|/fail|/cancel]
// and /api/v1/alerts, /api/v1/alerts/{id}[/ack|/resolve] (docs/rest.md).
void add_operation_routes(router& r, api_context& ctx);
void add_alert_routes(router& r, api_context& ctx);
// /api/v1/stations, /api/v1/stations/{id}, /api/v1/staff/{id}[/status] (docs/rest.md "The floor").
void add_floor_routes(router& r, api_context& ctx);

}  // namespace ordercast::api

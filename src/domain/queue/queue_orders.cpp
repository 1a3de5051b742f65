// The queue's side of its link with orders (docs/queue.md "Orders"): jobs submitted when an
// order reaches queue.submit_on_order_status, orders moved on when their job completes.
// The order service knows only order_status_observer, so the dependency runs queue -> orders.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "domain/order_service.hpp"
#include "domain/queue/queue_service.hpp"

namespace ordercast::domain::queue {
namespace {

// The identity the queue acts as when it changes orders or submits jobs by itself.
const auth::principal& queue_principal() {
    static const auth::principal p{"queue", auth::role::service, {}, {}, 0};
    return p;
}

}  // namespace

void queue_service::move_order_on(const store::job_record& job) noexcept {
    if (settings_.order_status_on_complete.empty() || job.order_id.empty()) return;
    order_patch patch;
    patch.status = settings_.order_status_on_complete;
    patch.message = fmt::format("production job {} completed", job.id);
    try {
        auto moved = orders_.update(queue_principal(), job.order_id, patch);
        if (!moved)
            spdlog::warn("queue: job {} completed but order {} stays: {}", job.id, job.order_id,
                         moved.error().message);
    } catch (const std::exception& e) {
        spdlog::error("queue: moving order {} after job {} failed: {}", job.order_id, job.id, e.what());
    }
}

void queue_service::on_order_status_changed(const store::order_record& order, std::string_view) noexcept {
    if (settings_.submit_on_order_status.empty() || order.status != settings_.submit_on_order_status) return;
    if (order.site_id.empty()) {
        spdlog::warn("queue: order {} reached '{}' but has no site; no job submitted", order.id,
                     order.status);
        return;
    }
    try {
        job_draft d;
        d.order_id = order.id;
        d.site_id = order.site_id;
        auto job = submit_job(queue_principal(), d, true);
        if (!job)
            spdlog::warn("queue: automatic job for order {} refused: {}", order.id, job.error().message);
    } catch (const std::exception& e) {
        spdlog::error("queue: automatic job for order {} failed: {}", order.id, e.what());
    }
}

}  // namespace ordercast::domain::queue

// The queue's read-only figures: per-site backlog for other features, node-wide metrics
// for /metrics. Reads only; never throws (zeros when the store fails, logged).
#include <algorithm>
#include <cctype>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "domain/queue/queue_service.hpp"
#include "store/store.hpp"

namespace ordercast::domain::queue {
namespace {

namespace s = job_status;
using store::tx_mode;

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

queue_figures queue_service::figures(std::string_view site_id) noexcept {
    queue_figures f;
    f.site_id = site_id;
    try {
        auto backlogs = store_.begin(tx_mode::read)->jobs().backlogs(site_id);
        const std::int64_t now = clock_.now_ms();
        std::int64_t sum = 0;
        std::int64_t oldest = now;
        for (const auto& b : backlogs) {
            f.queued += b.count;
            f.per_station[b.station_id] += b.count;
            sum += b.queued_at_sum_ms;
            oldest = std::min(oldest, b.oldest_queued_at_ms);
        }
        if (f.queued > 0) {
            f.average_wait_s = std::max(
                0.0, (static_cast<double>(now) - static_cast<double>(sum) / static_cast<double>(f.queued)) /
                         1000.0);
            f.longest_wait_s = static_cast<double>(now - oldest) / 1000.0;
        }
    } catch (const std::exception& e) {
        spdlog::error("queue: figures of site '{}' failed: {}", site_id, e.what());
    }
    return f;
}

queue_metrics queue_service::metrics() noexcept {
    queue_metrics m;
    m.failures_total = failures_.load(std::memory_order_relaxed);
    for (auto st : s::all) m.by_status[lower(st)] = 0;
    for (int p = 1; p <= 4; ++p) m.queued_by_priority[lower(priority_name(p))] = 0;
    try {
        auto uow = store_.begin(tx_mode::read);
        std::int64_t completed = 0, failed = 0;
        for (const auto& row : uow->jobs().count({})) {
            m.by_status[lower(row.status)] += row.count;
            if (row.status == s::queued)
                m.queued_by_priority[lower(priority_name(row.priority))] += row.count;
            if (row.status == s::completed) completed += row.count;
            if (row.status == s::failed) failed += row.count;
        }
        if (completed + failed > 0)
            m.failure_rate = static_cast<double>(failed) / static_cast<double>(completed + failed);
        auto waits = uow->jobs().waits(clock_.now_ms() - 3600 * 1000, 10000);
        if (!waits.empty()) {
            std::sort(waits.begin(), waits.end());
            double sum = 0;
            for (auto w : waits) sum += static_cast<double>(w);
            m.average_wait_s = sum / static_cast<double>(waits.size()) / 1000.0;
            const std::size_t idx = std::min(waits.size() - 1, (waits.size() * 95 + 99) / 100 - 1);
            m.p95_wait_s = static_cast<double>(waits[idx]) / 1000.0;
        }
    } catch (const std::exception& e) {
        spdlog::error("queue: metrics failed: {}", e.what());
    }
    return m;
}

}  // namespace ordercast::domain::queue

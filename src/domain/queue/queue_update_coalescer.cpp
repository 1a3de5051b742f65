#include "domain/queue/queue_update_coalescer.hpp"

namespace ordercast::domain::queue {

void queue_update_coalescer::mark(std::string_view site_id) {
    std::lock_guard lock(mutex_);
    if (!dirty_.contains(site_id)) dirty_.emplace(site_id);
}

std::vector<std::string> queue_update_coalescer::take() {
    std::set<std::string, std::less<>> taken;
    {
        std::lock_guard lock(mutex_);
        taken.swap(dirty_);
    }
    return {taken.begin(), taken.end()};
}

}  // namespace ordercast::domain::queue

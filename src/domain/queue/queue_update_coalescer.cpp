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

void queue_update_coalescer::know(std::string_view site_id, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    if (!last_published_ms_.contains(site_id)) last_published_ms_.emplace(site_id, now_ms);
}

void queue_update_coalescer::published(std::string_view site_id, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    if (auto it = last_published_ms_.find(site_id); it != last_published_ms_.end())
        it->second = now_ms;
    else
        last_published_ms_.emplace(site_id, now_ms);
}

std::vector<std::string> queue_update_coalescer::quiet(std::int64_t now_ms, std::int64_t every_ms) const {
    std::vector<std::string> out;
    std::lock_guard lock(mutex_);
    for (const auto& [site, last] : last_published_ms_)
        if (now_ms - last >= every_ms) out.push_back(site);
    return out;
}

}  // namespace ordercast::domain::queue

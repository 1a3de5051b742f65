#include "session/connection_registry.hpp"

#include <fmt/format.h>

#include "core/clock.hpp"

namespace ordercast::session {

std::string connection_registry::try_acquire(const std::string& user_id, const std::string& site,
                                             std::string_view role) {
    std::lock_guard lock(mutex_);
    if (node_ >= limits_.per_node)
        return fmt::format("this server has reached its limit of {} connections; try again later",
                           limits_.per_node);
    if (!user_id.empty()) {
        auto user_it = per_user_.find(user_id);
        if (user_it != per_user_.end() && user_it->second.open >= limits_.per_user)
            return fmt::format("user already has {} open connections (the limit); close one first",
                               limits_.per_user);
    }
    if (!site.empty()) {
        auto site_it = per_site_.find(site);
        if (site_it != per_site_.end() && site_it->second >= limits_.per_site)
            return fmt::format("site has reached its limit of {} connections", limits_.per_site);
    }
    ++node_;
    if (!site.empty()) ++per_site_[site];
    if (!user_id.empty()) {
        user_count& u = per_user_[user_id];
        if (u.open++ == 0) {
            u.since_ms = core::unix_ms();
            if (presence_) presence_->on_arrived(user_id, site, role);
        }
    }
    return {};
}

void connection_registry::release(const std::string& user_id, const std::string& site,
                                  std::string_view role) {
    std::lock_guard lock(mutex_);
    --node_;
    if (!user_id.empty()) {
        if (auto it = per_user_.find(user_id); it != per_user_.end() && --it->second.open == 0) {
            const std::int64_t connected_ms = core::unix_ms() - it->second.since_ms;
            per_user_.erase(it);
            if (presence_) presence_->on_left(user_id, site, role, connected_ms);
        }
    }
    if (!site.empty())
        if (auto it = per_site_.find(site); it != per_site_.end() && --it->second == 0) per_site_.erase(it);
}

std::size_t connection_registry::node_count() const {
    std::lock_guard lock(mutex_);
    return node_;
}

}  // namespace ordercast::session

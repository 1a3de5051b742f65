#pragma once
// Coalesces queue changes into few queue_update events: every change marks its site; a
// timer (the application's, every queue.update_interval_ms) takes the marked sites and
// publishes one update each. Under load a site gets at most one update per interval; a
// quiet site gets none, unless the heartbeat marks it: it remembers when each known site's
// last update went out (or, before its first, when it became known), and names the sites that
// have been quiet for a given time.
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ordercast::domain::queue {

class queue_update_coalescer {
public:
    // Any thread. Marks the site for the next take().
    void mark(std::string_view site_id);
    // Returns the sites marked since the last call, and forgets them. Any thread.
    std::vector<std::string> take();

    // Any thread. Makes a site known at `now_ms` (one with jobs but no change since the start):
    // its quiet time counts from then. No effect on a known site.
    void know(std::string_view site_id, std::int64_t now_ms);
    // Any thread. The site's queue_update went out at `now_ms`; the site is known from then.
    void published(std::string_view site_id, std::int64_t now_ms);
    // Any thread. The known sites whose last update went out (or which became known) `every_ms`
    // or more before `now_ms`, in name order.
    [[nodiscard]] std::vector<std::string> quiet(std::int64_t now_ms, std::int64_t every_ms) const;

private:
    mutable std::mutex mutex_;
    std::set<std::string, std::less<>> dirty_;
    // Every known site and when its last update went out, or when it became known. As many as
    // there are sites: it is not trimmed.
    std::map<std::string, std::int64_t, std::less<>> last_published_ms_;
};

}  // namespace ordercast::domain::queue

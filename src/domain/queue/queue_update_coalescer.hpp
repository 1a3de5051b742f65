#pragma once
// Coalesces queue changes into few queue_update events: every change marks its site; a
// timer (the application's, every queue.update_interval_ms) takes the marked sites and
// publishes one update each. Under load a site gets at most one update per interval; a
// quiet site gets none.
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ordercast::domain::queue {

class queue_update_coalescer {
public:
    // Any thread.
    void mark(std::string_view site_id);
    // Returns the sites marked since the last call, and forgets them. Any thread.
    std::vector<std::string> take();

private:
    std::mutex mutex_;
    std::set<std::string, std::less<>> dirty_;
};

}  // namespace ordercast::domain::queue

#pragma once
// The issuer's published keys (auth.jwks_url), kept current without ever making a token wait:
// fetched once at start-up, then again on a thread of their own when a token names a key
// (kid) the set does not hold (the issuer rotated its keys), at most once per
// `min_refresh_interval` however many such tokens arrive, and at least every `max_age` (so a
// key the issuer withdrew stops being accepted even when no new key appears).
//
// A token whose kid is unknown is refused at once (unknown_key, AUTHENTICATION_FAILED) while
// the refresh it asked for runs: verifying never blocks an event-loop thread on the network.
// A client that retries after the refresh gets in.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "auth/jwk_set.hpp"

namespace ordercast::auth {

class jwks_cache {
public:
    // Returns the body of the JWKS document; throws std::exception whose what() says why it
    // could not (unreachable, timeout, HTTP status). Called on the constructing thread, then
    // on the refresh thread only.
    using fetch_function = std::function<std::string()>;

    struct options {
        std::string url;  // for messages only: `fetch` knows where to go
        jwt_algorithm algorithm = jwt_algorithm::rs256;
        std::chrono::milliseconds min_refresh_interval{30000};
        std::chrono::milliseconds max_age{3600000};
    };

    // Fetches the set now, on the calling thread, and throws config_error naming auth.jwks_url
    // when that fails or the document holds no usable key (the server must not start unable to
    // check any token). Then starts the refresh thread.
    jwks_cache(options opts, fetch_function fetch);
    // Stops the refresh thread (waiting for a fetch in flight, bounded by its timeout).
    ~jwks_cache();
    jwks_cache(const jwks_cache&) = delete;
    jwks_cache& operator=(const jwks_cache&) = delete;

    // The current set. Any thread; never null.
    [[nodiscard]] std::shared_ptr<const jwk_set> keys() const noexcept { return keys_.load(); }

    // A token named a key the current set lacks: fetch again as soon as min_refresh_interval
    // since the last fetch allows. Any thread; never blocks on the fetch; while a refresh is
    // already wanted it costs one atomic exchange.
    void request_refresh() noexcept;

    // Completed fetches, successful or not, the start-up one included.
    [[nodiscard]] std::uint64_t fetches() const noexcept { return fetches_.load(); }

private:
    void run();
    // Fetches and, when the document is good, replaces the set; else keeps the old one and
    // logs why. Refresh thread.
    void refresh();

    options opts_;
    fetch_function fetch_;
    std::atomic<std::shared_ptr<const jwk_set>> keys_;
    std::atomic<std::uint64_t> fetches_{0};
    std::atomic<bool> requested_{false};
    std::mutex mutex_;  // guards stop_ and the wait; notified by request_refresh and the destructor
    std::condition_variable wake_;
    bool stop_ = false;
    std::chrono::steady_clock::time_point last_fetch_;  // refresh thread only (after start)
    std::thread thread_;
};

}  // namespace ordercast::auth

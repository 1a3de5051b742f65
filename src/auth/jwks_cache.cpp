#include "auth/jwks_cache.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "auth/error.hpp"

namespace ordercast::auth {
namespace {

std::string describe(const jwk_set& set) {
    std::vector<std::string> kids;
    for (auto kid : set.kids()) kids.push_back(kid.empty() ? "(no kid)" : std::string(kid));
    return fmt::format("{} key{} ({})", set.size(), set.size() == 1 ? "" : "s", fmt::join(kids, ", "));
}

void log_skipped(const jwk_set& set, const std::string& url) {
    for (const auto& why : set.skipped())
        spdlog::warn("auth: a key published at {} is not used: {}", url, why);
}

}  // namespace

jwks_cache::jwks_cache(options opts, fetch_function fetch)
    : opts_(std::move(opts)), fetch_(std::move(fetch)) {
    std::string body;
    try {
        body = fetch_();
    } catch (const std::exception& e) {
        throw config_error(fmt::format(
            "auth.jwks_url: cannot fetch the issuer's keys from {}: {}; check the URL and that the issuer "
            "is reachable from this server",
            opts_.url, e.what()));
    }
    fetches_.store(1);
    auto set = jwk_set::parse(body, opts_.algorithm);
    if (!set)
        throw config_error(
            fmt::format("auth.jwks_url: the document at {} is not usable: {}", opts_.url, set.error()));
    log_skipped(**set, opts_.url);
    spdlog::info("auth: {} from {}", describe(**set), opts_.url);
    keys_.store(std::move(*set));
    last_fetch_ = std::chrono::steady_clock::now();
    thread_ = std::thread([this] { run(); });
}

jwks_cache::~jwks_cache() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void jwks_cache::request_refresh() noexcept {
    if (requested_.exchange(true)) return;
    // Under the mutex, so the refresh thread is either before its check of requested_ or
    // already waiting: the notification is never lost.
    std::lock_guard lock(mutex_);
    wake_.notify_one();
}

void jwks_cache::run() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            const auto due = [&] {
                auto at = last_fetch_ + opts_.max_age;
                if (requested_.load()) at = std::min(at, last_fetch_ + opts_.min_refresh_interval);
                return at;
            };
            while (!stop_ && std::chrono::steady_clock::now() < due()) wake_.wait_until(lock, due());
            if (stop_) return;
        }
        // Cleared before the fetch: a kid first seen while it runs asks for the next one.
        requested_.store(false);
        refresh();
        last_fetch_ = std::chrono::steady_clock::now();
    }
}

void jwks_cache::refresh() {
    std::string body;
    try {
        body = fetch_();
    } catch (const std::exception& e) {
        fetches_.fetch_add(1);
        spdlog::warn("auth: cannot refresh the issuer's keys from {}: {}; the {} known keys stay in use",
                     opts_.url, e.what(), keys()->size());
        return;
    }
    auto set = jwk_set::parse(body, opts_.algorithm);
    if (!set) {
        fetches_.fetch_add(1);
        spdlog::warn("auth: the issuer's keys at {} are not usable: {}; the {} known keys stay in use",
                     opts_.url, set.error(), keys()->size());
        return;
    }
    log_skipped(**set, opts_.url);
    spdlog::info("auth: refreshed the issuer's keys: {} from {}", describe(**set), opts_.url);
    keys_.store(std::move(*set));
    fetches_.fetch_add(1);
}

}  // namespace ordercast::auth

#include "api/router.hpp"

#include <fmt/format.h>

#include <array>

#include "core/assert.hpp"

namespace ordercast::api {
namespace {

// No route has more segments than this; a longer path matches none (404).
constexpr std::size_t k_max_segments = 16;

// A request path's segments, on the stack: dispatching allocates nothing for the path.
struct path_segments {
    std::array<std::string_view, k_max_segments> items;
    std::size_t count = 0;
    bool too_many = false;
};

template <class Push>
void split_path(std::string_view path, Push push) {
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        auto slash = path.find('/');
        push(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash);
    }
}

}  // namespace

void router::add(std::string_view method, std::string_view pattern, handler h) {
    route r{std::string(method), std::string(pattern), {}, std::move(h)};
    split_path(pattern, [&](std::string_view seg) { r.segments.emplace_back(seg); });
    OC_ASSERT(r.segments.size() <= k_max_segments && "a route longer than k_max_segments can never match");
    routes_.push_back(std::move(r));
}

response router::dispatch(request& req, std::string_view& route_name) const {
    path_segments parts;
    split_path(req.path, [&](std::string_view seg) {
        if (parts.count < k_max_segments) parts.items[parts.count++] = seg;
        else parts.too_many = true;
    });
    bool path_matched = false;
    for (const route& r : routes_) {
        if (parts.too_many || r.segments.size() != parts.count) continue;
        std::vector<std::string_view> params;
        bool ok = true;
        for (std::size_t i = 0; i < parts.count && ok; ++i) {
            const std::string& seg = r.segments[i];
            if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') params.push_back(parts.items[i]);
            else ok = seg == parts.items[i];
        }
        if (!ok) continue;
        path_matched = true;
        if (r.method != req.method) continue;
        route_name = r.pattern;
        req.path_params = std::move(params);
        return r.fn(req);
    }
    route_name = "unmatched";
    if (path_matched)
        return error_response(core::error_code::method_not_allowed,
                              fmt::format("{} is not allowed on {}", req.method, req.path));
    return error_response(core::error_code::not_found, fmt::format("no route for {} {}", req.method, req.path));
}

}  // namespace ordercast::api

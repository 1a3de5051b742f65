#include "api/router.hpp"

#include <fmt/format.h>

namespace ordercast::api {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> out;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash);
    }
    return out;
}

}  // namespace

void router::add(std::string_view method, std::string_view pattern, handler h) {
    route r{std::string(method), std::string(pattern), {}, std::move(h)};
    for (auto seg : split_path(pattern)) r.segments.emplace_back(seg);
    routes_.push_back(std::move(r));
}

response router::dispatch(request& req, std::string& route_name) const {
    auto parts = split_path(req.path);
    bool path_matched = false;
    for (const route& r : routes_) {
        if (r.segments.size() != parts.size()) continue;
        std::vector<std::string_view> params;
        bool ok = true;
        for (std::size_t i = 0; i < parts.size() && ok; ++i) {
            const std::string& seg = r.segments[i];
            if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') params.push_back(parts[i]);
            else ok = seg == parts[i];
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

#include "api/rest_support.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

#include <fmt/format.h>

#include "core/json_writer.hpp"

namespace ordercast::api {
namespace {

using core::error_code;

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool percent_decode(std::string_view in, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%') {
            if (i + 2 >= in.size()) return false;
            int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return false;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return true;
}

template <class T>
bool parse_number(std::string_view s, T& out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && end == s.data() + s.size() && !s.empty();
}

}  // namespace

response domain_error_response(const domain::domain_error& e) {
    response r;
    r.status = core::http_status(e.code);
    core::json_writer w(r.body);
    w.begin_object()
        .key("error")
        .begin_object()
        .field("code", core::to_string(e.code))
        .field("message", e.message);
    if (!e.details.empty()) w.key("details").raw(e.details);
    w.end_object().end_object();
    if (r.status == 503) r.headers.emplace_back("Retry-After", "1");
    return r;
}

std::optional<query_params> query_params::parse(std::string_view query,
                                                std::span<const std::string_view> allowed,
                                                response& refusal) {
    query_params q;
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        std::string name, value;
        if (!percent_decode(pair.substr(0, eq), name) ||
            !percent_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), value)) {
            refusal = error_response(error_code::bad_request, "the query string has a malformed %-escape");
            return std::nullopt;
        }
        if (name == k_token_query_parameter) continue;
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            refusal = error_response(error_code::bad_request,
                                     fmt::format("unknown query parameter '{}'; this route takes {}", name,
                                                 fmt::join(allowed, ", ")));
            return std::nullopt;
        }
        q.items_.emplace_back(std::move(name), std::move(value));
    }
    return q;
}

std::string query_token(std::string_view query) {
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        auto eq = pair.find('=');
        if (eq == std::string_view::npos || pair.substr(0, eq) != k_token_query_parameter) continue;
        std::string value;
        if (!percent_decode(pair.substr(eq + 1), value)) return {};
        return value;
    }
    return {};
}

std::string query_params::get(std::string_view name) const {
    for (auto it = items_.rbegin(); it != items_.rend(); ++it)
        if (it->first == name) return it->second;
    return {};
}

bool query_params::has(std::string_view name) const {
    return std::any_of(items_.begin(), items_.end(), [&](const auto& kv) { return kv.first == name; });
}

std::optional<int> query_params::integer(std::string_view name, int fallback, response& refusal) const {
    if (!has(name)) return fallback;
    int v = 0;
    if (!parse_number(get(name), v)) {
        refusal = error_response(error_code::bad_request, fmt::format("'{}' must be an integer", name));
        return std::nullopt;
    }
    return v;
}

std::optional<std::int64_t> query_params::time(std::string_view name, response& refusal) const {
    if (!has(name)) return std::nullopt;
    std::string value = get(name);
    std::int64_t ms = 0;
    if (parse_number(std::string_view(value), ms)) return ms;
    if (auto parsed = parse_iso8601_utc(value)) return parsed;
    refusal = error_response(error_code::bad_request,
                             fmt::format("'{}' must be Unix milliseconds or an ISO 8601 UTC time such as "
                                         "2024-01-15T10:30:00Z",
                                         name));
    return std::nullopt;
}

std::optional<std::int64_t> parse_if_match(std::string_view h, response& refusal) {
    while (!h.empty() && h.front() == ' ') h.remove_prefix(1);
    while (!h.empty() && h.back() == ' ') h.remove_suffix(1);
    if (h.empty() || h == "*") return std::nullopt;
    if (h.starts_with("W/")) h.remove_prefix(2);
    if (h.size() >= 2 && h.front() == '"' && h.back() == '"') h = h.substr(1, h.size() - 2);
    std::int64_t version = 0;
    if (!parse_number(h, version) || version < 1) {
        refusal = error_response(error_code::bad_request,
                                 "If-Match must be the ETag of the order (\"<version>\") as GET returned it");
        return std::nullopt;
    }
    return version;
}

bool valid_idempotency_key(std::string_view key, response& refusal) {
    bool ok = !key.empty() && key.size() <= 255 &&
              std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (!ok)
        refusal = error_response(
            error_code::bad_request,
            "Idempotency-Key must be 1-255 visible ASCII characters (a UUID is a good choice)");
    return ok;
}

std::optional<std::int64_t> parse_iso8601_utc(std::string_view t) {
    // YYYY-MM-DDTHH:MM:SS[.mmm]Z
    if (t.size() < 20 || t.back() != 'Z' || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != ' ') ||
        t[13] != ':' || t[16] != ':')
        return std::nullopt;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
    if (!parse_number(t.substr(0, 4), y) || !parse_number(t.substr(5, 2), mo) ||
        !parse_number(t.substr(8, 2), d) || !parse_number(t.substr(11, 2), h) ||
        !parse_number(t.substr(14, 2), mi) || !parse_number(t.substr(17, 2), s))
        return std::nullopt;
    std::string_view rest = t.substr(19, t.size() - 20);
    if (!rest.empty()) {
        if (rest.front() != '.' || rest.size() < 2 || rest.size() > 4 || !parse_number(rest.substr(1), ms))
            return std::nullopt;
        for (std::size_t digits = rest.size() - 1; digits < 3; ++digits) ms *= 10;
    }
    using namespace std::chrono;
    year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
    auto tp = sys_days{date} + hours{h} + minutes{mi} + seconds{s} + milliseconds{ms};
    return duration_cast<milliseconds>(tp.time_since_epoch()).count();
}

}  // namespace ordercast::api

#include "auth/detail/jwt_json.hpp"

#include <simdjson.h>

#include <cmath>

namespace ordercast::auth::detail {
namespace {

// The DOM parser validates the whole document (trailing data included), which matters
// more here than the speed of the on-demand API: a header is parsed before any signature check.
namespace dom = simdjson::dom;

// One parser per thread: reused across tokens so steady-state parsing does not allocate.
dom::parser& thread_parser() {
    thread_local dom::parser parser;
    return parser;
}

// Largest magnitude where a double still holds every integer exactly.
constexpr double k_max_exact = 9007199254740992.0;

bool read_numeric_date(dom::element value, std::optional<std::int64_t>& out) {
    double d = 0;
    if (value.get_double().get(d) || !std::isfinite(d) || std::fabs(d) > k_max_exact) return false;
    out = static_cast<std::int64_t>(std::floor(d));
    return true;
}

bool read_string(dom::element value, std::string& out) {
    std::string_view s;
    if (value.get_string().get(s)) return false;
    out.assign(s);
    return true;
}

void append_trimmed(std::string_view item, std::vector<std::string>& out) {
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
}

// A string, or an array of strings; with `split_commas` a string is a comma list.
bool read_string_list(dom::element value, std::vector<std::string>& out, bool split_commas) {
    std::string_view s;
    if (!value.get_string().get(s)) {
        if (!split_commas) {
            out.emplace_back(s);
            return true;
        }
        for (std::size_t start = 0; start <= s.size();) {
            std::size_t comma = s.find(',', start);
            if (comma == std::string_view::npos) comma = s.size();
            append_trimmed(s.substr(start, comma - start), out);
            start = comma + 1;
        }
        return true;
    }
    dom::array array;
    if (value.get_array().get(array)) return false;
    for (dom::element element : array) {
        if (element.get_string().get(s)) return false;
        if (split_commas) {
            append_trimmed(s, out);
        } else {
            out.emplace_back(s);
        }
    }
    return true;
}

// Iterates the members of the top-level object, calling `on_member(key, value)`.
// on_member returns "" to go on or an error sentence to stop.
template <class F>
std::string for_each_member(std::string& buffer, std::string_view what, F&& on_member) {
    const std::size_t size = buffer.size();
    buffer.resize(size + simdjson::SIMDJSON_PADDING);
    dom::object object;
    if (thread_parser().parse(buffer.data(), size, false).get_object().get(object)) {
        return "the token " + std::string(what) + " is not a JSON object";
    }
    for (dom::key_value_pair member : object) {
        std::string problem = on_member(member.key, member.value);
        if (!problem.empty()) return problem;
    }
    return "";
}

bool first_time(bool& seen) {
    if (seen) return false;
    seen = true;
    return true;
}

}  // namespace

core::result<jose_header, std::string> parse_jose_header(std::string& buffer) {
    jose_header header;
    bool seen_alg = false;
    bool seen_kid = false;
    std::string problem =
        for_each_member(buffer, "header", [&](std::string_view key, dom::element value) -> std::string {
            if (key == "alg") {
                if (!first_time(seen_alg)) return "the token header has two \"alg\" members";
                if (!read_string(value, header.alg)) return "the token header \"alg\" is not a string";
            } else if (key == "kid") {
                if (!first_time(seen_kid)) return "the token header has two \"kid\" members";
                std::string kid;
                if (!read_string(value, kid)) return "the token header \"kid\" is not a string";
                header.kid = std::move(kid);
            } else if (key == "crit") {
                return "the token header lists critical extensions (\"crit\"), which ordercast does not "
                       "support";
            }
            return "";
        });
    if (!problem.empty()) return problem;
    if (!seen_alg) return std::string("the token header has no \"alg\" member");
    return header;
}

core::result<jwt_claims, std::string> parse_jwt_claims(std::string& buffer, const claim_mapping& names) {
    jwt_claims claims;
    bool seen[9] = {};
    std::string problem =
        for_each_member(buffer, "claims", [&](std::string_view key, dom::element value) -> std::string {
            const auto duplicate = [&] { return "the token has two \"" + std::string(key) + "\" claims"; };
            const auto wrong_type = [&](std::string_view expected) {
                return "the token's \"" + std::string(key) + "\" claim must be " + std::string(expected);
            };
            if (key == names.user) {
                if (!first_time(seen[0])) return duplicate();
                std::string s;
                if (read_string(value, s)) claims.sub = std::move(s);
            } else if (key == names.role) {
                if (!first_time(seen[1])) return duplicate();
                std::string s;
                if (read_string(value, s)) claims.role = std::move(s);
            } else if (key == names.site) {
                if (!first_time(seen[2])) return duplicate();
                if (!read_string(value, claims.site)) return wrong_type("a string");
            } else if (key == names.stations) {
                if (!first_time(seen[3])) return duplicate();
                if (!read_string_list(value, claims.stations, true)) {
                    return wrong_type("an array of strings or a comma-separated string");
                }
            } else if (key == "iss") {
                if (!first_time(seen[4])) return duplicate();
                std::string s;
                if (!read_string(value, s)) return wrong_type("a string");
                claims.iss = std::move(s);
            } else if (key == "aud") {
                if (!first_time(seen[5])) return duplicate();
                if (!read_string_list(value, claims.aud, false))
                    return wrong_type("a string or an array of strings");
            } else if (key == "exp" || key == "nbf" || key == "iat") {
                const int slot = key == "exp" ? 6 : key == "nbf" ? 7 : 8;
                auto& target = key == "exp" ? claims.exp : key == "nbf" ? claims.nbf : claims.iat;
                if (!first_time(seen[slot])) return duplicate();
                if (!read_numeric_date(value, target))
                    return wrong_type("a number of seconds since the epoch");
            }
            return "";
        });
    if (!problem.empty()) return problem;
    return claims;
}

}  // namespace ordercast::auth::detail

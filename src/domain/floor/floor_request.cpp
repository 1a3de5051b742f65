#include "domain/floor/floor_request.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "domain/json_fields.hpp"

namespace ordercast::domain::floor {
namespace {

using core::error_code;

constexpr std::size_t k_max_name = 200;
constexpr std::size_t k_max_reason = 1000;

domain_error unknown_field(std::string_view key, std::string_view allowed) {
    return fail(error_code::invalid_message,
                fmt::format("unknown field \"{}\"; this body takes {}", key, allowed));
}

template <std::size_t N>
bool one_of(const std::string_view (&names)[N], std::string_view s) {
    return std::find(std::begin(names), std::end(names), s) != std::end(names);
}

// A string that must be one of `names`.
template <std::size_t N>
std::optional<domain_error> read_choice(simdjson::dom::element v, std::string_view field, std::string& out,
                                        const std::string_view (&names)[N]) {
    if (auto e = read_text(v, field, out, 40)) return e;
    if (one_of(names, out)) return std::nullopt;
    std::string list;
    for (std::string_view n : names) list += list.empty() ? std::string(n) : ", " + std::string(n);
    return fail(error_code::invalid_value, fmt::format("\"{}\" must be one of {}", field, list));
}

// A whole number in [min, max].
std::optional<domain_error> read_integer(simdjson::dom::element v, std::string_view field, std::int64_t& out,
                                         std::int64_t min, std::int64_t max) {
    if (v.get_int64().get(out) != simdjson::SUCCESS) return bad_type(field, "a whole number");
    if (out < min || out > max)
        return fail(error_code::invalid_value,
                    fmt::format("\"{}\" must be between {} and {}", field, min, max));
    return std::nullopt;
}

// A non-empty text of at most `max` characters.
std::optional<domain_error> read_name(simdjson::dom::element v, std::string_view field, std::string& out,
                                      std::size_t max) {
    if (auto e = read_text(v, field, out, max)) return e;
    if (out.empty()) return fail(error_code::invalid_value, fmt::format("\"{}\" must not be empty", field));
    return std::nullopt;
}

}  // namespace

outcome<station_draft> parse_station_draft(std::string_view body) {
    auto obj = parse_request_object(body);
    if (!obj) return obj.error();
    station_draft d;
    for (auto [key, value] : *obj) {
        std::optional<domain_error> e;
        if (key == "siteId")
            e = read_id(value, key, d.site_id);
        else if (key == "kind")
            e = read_choice(value, key, d.kind, k_station_kinds);
        else if (key == "name")
            e = read_name(value, key, d.name, k_max_name);
        else if (key == "status")
            e = read_choice(value, key, d.status, k_station_statuses);
        else
            return unknown_field(key, "siteId, kind, name, status");
        if (e) return *e;
    }
    if (d.kind.empty() || d.name.empty())
        return fail(error_code::invalid_message, "\"kind\" and \"name\" are required");
    return d;
}

outcome<station_patch> parse_station_patch(std::string_view body) {
    auto obj = parse_request_object(body);
    if (!obj) return obj.error();
    station_patch p;
    bool any = false;
    for (auto [key, value] : *obj) {
        std::optional<domain_error> e;
        std::string text;
        if (key == "status") {
            e = read_choice(value, key, text, k_station_statuses);
            p.status = text;
        } else if (key == "name") {
            e = read_name(value, key, text, k_max_name);
            p.name = text;
        } else if (key == "reason") {
            e = read_text(value, key, text, k_max_reason, null_field::absent);
            p.reason = text;
        } else if (key == "estimatedDowntime") {
            std::int64_t minutes = -1;
            if (!value.is_null()) e = read_integer(value, key, minutes, 0, 100000);
            p.downtime = minutes;
        } else if (key == "operatorId") {
            e = read_id(value, key, text, null_field::absent);
            p.operator_id = text;
        } else {
            return unknown_field(key, "status, name, reason, estimatedDowntime, operatorId");
        }
        if (e) return *e;
        any = true;
    }
    if (!any)
        return fail(error_code::invalid_message,
                    "the body changes nothing; send status, name, reason, estimatedDowntime or operatorId");
    return p;
}

outcome<staff_patch> parse_staff_patch(std::string_view body) {
    auto obj = parse_request_object(body);
    if (!obj) return obj.error();
    staff_patch p;
    for (auto [key, value] : *obj) {
        std::optional<domain_error> e;
        std::string text;
        std::int64_t minutes = 0;
        if (key == "status") {
            e = read_choice(value, key, p.status, k_staff_statuses);
        } else if (key == "name") {
            e = read_name(value, key, text, k_max_name);
            p.name = text;
        } else if (key == "stationId") {
            e = read_id(value, key, text, null_field::absent);
            p.station_id = text;
        } else if (key == "breakType") {
            e = read_name(value, key, p.break_type, 40);
        } else if (key == "breakMinutes") {
            e = read_integer(value, key, minutes, 1, 24 * 60);
            p.break_minutes = minutes;
        } else if (key == "shiftMinutes") {
            e = read_integer(value, key, minutes, 1, 24 * 60);
            p.shift_minutes = minutes;
        } else if (key == "coveringEmployees") {
            simdjson::dom::array items;
            if (value.get_array().get(items) != simdjson::SUCCESS)
                return bad_type(key, "an array of staff ids");
            for (auto item : items) {
                if (p.covering.size() == 20)
                    return fail(error_code::invalid_value, "\"coveringEmployees\" names at most 20 staff");
                if (auto bad = read_id(item, "coveringEmployees[]", text)) return *bad;
                p.covering.push_back(text);
            }
        } else {
            return unknown_field(
                key, "status, name, stationId, breakType, breakMinutes, coveringEmployees, shiftMinutes");
        }
        if (e) return *e;
    }
    if (p.status.empty()) return fail(error_code::invalid_message, "\"status\" is required");
    if (p.status != k_on_break && (!p.break_type.empty() || p.break_minutes || !p.covering.empty()))
        return fail(error_code::invalid_value,
                    "breakType, breakMinutes and coveringEmployees go with status on_break");
    return p;
}

}  // namespace ordercast::domain::floor

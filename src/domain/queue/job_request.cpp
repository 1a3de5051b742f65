#include "domain/queue/job_request.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "auth/channel_name.hpp"
#include "domain/json_fields.hpp"
#include "domain/queue/job_model.hpp"

namespace ordercast::domain::queue {
namespace {

using core::error_code;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::size_t k_max_text = 500;
constexpr std::size_t k_max_notes = 2000;
// Queue requests read a null text or id field as not given.
constexpr null_field k_nulls = null_field::absent;

std::optional<domain_error> read_priority(element v, std::optional<int>& out) {
    std::int64_t n = 0;
    std::string_view s;
    if (v.get_int64().get(n) == simdjson::SUCCESS) {
        if (n >= 1 && n <= 4) {
            out = static_cast<int>(n);
            return std::nullopt;
        }
    } else if (v.get_string().get(s) == simdjson::SUCCESS) {
        if (auto p = parse_priority(s)) {
            out = *p;
            return std::nullopt;
        }
    }
    return fail(error_code::invalid_value,
                "\"priority\" must be 1 (URGENT), 2 (HIGH), 3 (NORMAL) or 4 (LOW), as a number or a name");
}

std::optional<domain_error> read_bool(element v, std::string_view field, bool& out) {
    if (v.get_bool().get(out) != simdjson::SUCCESS) return bad_type(field, "true or false");
    return std::nullopt;
}

domain_error unknown_field(std::string_view key, std::span<const std::string_view> allowed) {
    return fail(error_code::invalid_message,
                fmt::format("unknown field \"{}\"; this request takes {}", key,
                            allowed.empty() ? std::string("no fields")
                                            : fmt::format("{}", fmt::join(allowed, ", "))));
}

}  // namespace

outcome<job_draft> parse_job_draft(std::string_view body) {
    auto obj = parse_request_object(body, empty_body::as_empty_object);
    if (!obj) return obj.error();
    const std::initializer_list<std::string_view> k_fields = {
        "orderId",     "siteId",           "stationId", "priority", "customerTier",
        "garmentType", "fabricRequiredCm", "plotFile",  "notes",    "hold"};
    job_draft d;
    for (auto [key, value] : *obj) {
        std::optional<domain_error> e;
        if (key == "orderId")
            e = read_id(value, key, d.order_id, k_nulls);
        else if (key == "siteId")
            e = read_id(value, key, d.site_id, k_nulls);
        else if (key == "stationId")
            e = read_id(value, key, d.station_id, k_nulls);
        else if (key == "priority")
            e = read_priority(value, d.priority);
        else if (key == "customerTier")
            e = read_text(value, key, d.customer_tier, 64, k_nulls);
        else if (key == "garmentType")
            e = read_text(value, key, d.garment_type, 64, k_nulls);
        else if (key == "plotFile")
            e = read_text(value, key, d.plot_file, k_max_text, k_nulls);
        else if (key == "notes")
            e = read_text(value, key, d.notes, k_max_notes, k_nulls);
        else if (key == "hold")
            e = read_bool(value, key, d.hold);
        else if (key == "fabricRequiredCm") {
            double cm = 0;
            if (value.get_double().get(cm) != simdjson::SUCCESS || !std::isfinite(cm) || cm < 0 || cm > 1e6)
                e = fail(error_code::invalid_value,
                         "\"fabricRequiredCm\" must be a number of centimetres, 0 or more");
            else
                d.fabric_required_cm = cm;
        } else
            e = unknown_field(key, k_fields);
        if (e) return *e;
    }
    return d;
}

outcome<job_action> parse_job_action(std::string_view body, std::span<const std::string_view> allowed) {
    auto obj = parse_request_object(body, empty_body::as_empty_object);
    if (!obj) return obj.error();
    job_action a;
    for (auto [key, value] : *obj) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            return unknown_field(key, allowed);
        std::optional<domain_error> e;
        if (key == "siteId")
            e = read_id(value, key, a.site_id, k_nulls);
        else if (key == "stationId")
            e = read_id(value, key, a.station_id, k_nulls);
        else if (key == "notes")
            e = read_text(value, key, a.notes, k_max_notes, k_nulls);
        else if (key == "reason")
            e = read_text(value, key, a.reason, k_max_text, k_nulls);
        else if (key == "error")
            e = read_text(value, key, a.error, k_max_notes, k_nulls);
        else if (key == "errorCode")
            e = read_text(value, key, a.error_code, 64, k_nulls);
        else if (key == "transient")
            e = read_bool(value, key, a.transient);
        else if (key == "priority")
            e = read_priority(value, a.priority);
        if (e) return *e;
    }
    return a;
}

}  // namespace ordercast::domain::queue

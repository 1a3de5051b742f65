#include "domain/order_request.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "auth/channel_name.hpp"
#include "core/json_writer.hpp"
#include "domain/json_fields.hpp"

namespace ordercast::domain {
namespace {

using core::error_code;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::size_t k_max_text = 200;
constexpr std::size_t k_max_note = 2000;
constexpr std::int64_t k_max_estimated_minutes = 60 * 24 * 365;

std::optional<domain_error> read_priority(element v, std::string& out) {
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) return bad_type("priority", "a string");
    if (std::find(std::begin(k_priorities), std::end(k_priorities), s) == std::end(k_priorities))
        return fail(error_code::invalid_value,
                    fmt::format("\"priority\" '{}' is not one of low, normal, high, urgent", s));
    out = s;
    return std::nullopt;
}

std::optional<domain_error> read_progress(element v, std::optional<int>& out) {
    std::int64_t p = 0;
    if (v.get_int64().get(p) != simdjson::SUCCESS) return bad_type("progress", "an integer");
    if (p < 0 || p > 100) return fail(error_code::invalid_value, "\"progress\" must be between 0 and 100");
    out = static_cast<int>(p);
    return std::nullopt;
}

std::optional<domain_error> read_minutes(element v, std::optional<std::int64_t>& out) {
    std::int64_t m = 0;
    if (v.get_int64().get(m) != simdjson::SUCCESS)
        return bad_type("estimatedTime", "an integer number of minutes");
    if (m < 0 || m > k_max_estimated_minutes)
        return fail(error_code::invalid_value, "\"estimatedTime\" must be between 0 and 525600 minutes");
    out = m;
    return std::nullopt;
}

// An order's free attributes. Known keys must have their type; others are kept as
// given, so sites can record what they need.
std::optional<domain_error> read_attributes(element v, std::string& out) {
    object obj;
    if (v.get_object().get(obj) != simdjson::SUCCESS) return bad_type("attributes", "an object");
    static constexpr std::pair<std::string_view, simdjson::dom::element_type> k_known[] = {
        {"garmentType", simdjson::dom::element_type::STRING},
        {"fitPreference", simdjson::dom::element_type::STRING},
        {"measurements", simdjson::dom::element_type::OBJECT},
        {"scalingFactors", simdjson::dom::element_type::OBJECT},
        {"fabricRequiredCm", simdjson::dom::element_type::DOUBLE},
        {"utilizationPercent", simdjson::dom::element_type::DOUBLE},
        {"pltFilePath", simdjson::dom::element_type::STRING},
        {"metadataPath", simdjson::dom::element_type::STRING},
        {"qcReportPath", simdjson::dom::element_type::STRING},
        {"qcStatus", simdjson::dom::element_type::STRING},
        {"qcScore", simdjson::dom::element_type::STRING},
    };
    for (auto field : obj) {
        auto known = std::find_if(std::begin(k_known), std::end(k_known),
                                  [&](const auto& k) { return k.first == field.key; });
        if (known == std::end(k_known) || field.value.is_null()) continue;
        auto type = field.value.type();
        bool numeric = type == simdjson::dom::element_type::DOUBLE ||
                       type == simdjson::dom::element_type::INT64 ||
                       type == simdjson::dom::element_type::UINT64;
        bool ok = known->second == simdjson::dom::element_type::DOUBLE ? numeric : type == known->second;
        if (!ok) {
            const char* expected = known->second == simdjson::dom::element_type::DOUBLE   ? "a number"
                                   : known->second == simdjson::dom::element_type::OBJECT ? "an object"
                                                                                          : "a string";
            return fail(error_code::invalid_value,
                        fmt::format("\"attributes.{}\" must be {}", field.key, expected));
        }
    }
    out = simdjson::minify(v);
    return std::nullopt;
}

domain_error unknown_field(std::string_view field, std::string_view allowed) {
    return fail(error_code::invalid_message,
                fmt::format("unknown field \"{}\"; the fields are {} (docs/rest.md)", field, allowed));
}

std::optional<domain_error> read_amount(element v, std::string_view field, std::optional<double>& out) {
    double t = 0;
    if (v.get_double().get(t) != simdjson::SUCCESS) return bad_type(field, "a number");
    if (!std::isfinite(t) || t < 0)
        return fail(error_code::invalid_value, fmt::format("\"{}\" must not be negative", field));
    out = t;
    return std::nullopt;
}

std::optional<domain_error> read_items(element v, std::string_view field, std::string& out) {
    if (!v.is_array()) return bad_type(field, "an array");
    out = simdjson::minify(v);
    return std::nullopt;
}

// An order number: a string, or a non-negative integer (the shop app numbers its orders 7, 8,
// ...), kept as its decimal text.
std::optional<domain_error> read_number(element v, std::string_view field, std::string& out) {
    std::uint64_t n = 0;
    if (v.get_uint64().get(n) == simdjson::SUCCESS) {
        out = std::to_string(n);
        return std::nullopt;
    }
    if (!v.is_string()) return bad_type(field, "a string or a non-negative integer");
    return read_text(v, field, out, 64);
}

// Reads a clearable id: a string sets it, null clears it (empty string).
std::optional<domain_error> read_optional_id(element v, std::string_view field,
                                             std::optional<std::string>& out) {
    if (v.is_null()) {
        out = std::string();
        return std::nullopt;
    }
    std::string id;
    if (auto e = read_id(v, field, id)) return e;
    out = std::move(id);
    return std::nullopt;
}

}  // namespace

outcome<order_draft> parse_order_draft(std::string_view body) {
    auto parsed = parse_request_object(body);
    if (!parsed) return parsed.error();
    order_draft d;
    for (auto [key, v] : *parsed) {
        std::optional<domain_error> e;
        if (key == "number" || key == "orderNumber")
            e = read_number(v, key, d.number);
        else if (key == "customerId")
            e = read_id(v, key, d.customer_id);
        else if (key == "siteId")
            e = read_id(v, key, d.site_id);
        else if (key == "stationId")
            e = read_id(v, key, d.station_id);
        else if (key == "assigneeId")
            e = read_id(v, key, d.assignee_id);
        else if (key == "priority")
            e = read_priority(v, d.priority);
        else if (key == "items")
            e = read_items(v, key, d.items);
        else if (key == "totalAmount")
            e = read_amount(v, key, d.total_amount);
        else if (key == "currency")
            e = read_text(v, key, d.currency, 8);
        else if (key == "progress")
            e = read_progress(v, d.progress);
        else if (key == "stage")
            e = read_text(v, key, d.stage, 64);
        else if (key == "estimatedTime")
            e = read_minutes(v, d.estimated_minutes);
        else if (key == "attributes")
            e = read_attributes(v, d.attributes);
        else if (key == "note")
            e = read_text(v, key, d.note, k_max_note);
        else
            e = unknown_field(
                key,
                "number, customerId, siteId, stationId, assigneeId, priority, items, totalAmount, "
                "currency, progress, stage, estimatedTime, attributes, note");
        if (e) return *e;
    }
    return d;
}

outcome<order_patch> parse_order_patch(std::string_view body) {
    auto parsed = parse_request_object(body);
    if (!parsed) return parsed.error();
    order_patch p;
    for (auto [key, v] : *parsed) {
        std::optional<domain_error> e;
        if (key == "status") {
            std::string s;
            e = read_text(v, key, s, 64);
            if (!e) p.status = std::move(s);
        } else if (key == "message")
            e = read_text(v, key, p.message, 500);
        else if (key == "reason")
            e = read_text(v, key, p.reason, 200);
        else if (key == "priority") {
            std::string s;
            e = read_priority(v, s);
            if (!e) p.priority = std::move(s);
        } else if (key == "stationId")
            e = read_optional_id(v, key, p.station_id);
        else if (key == "assigneeId")
            e = read_optional_id(v, key, p.assignee_id);
        else if (key == "progress")
            e = read_progress(v, p.progress);
        else if (key == "stage") {
            std::string s;
            if (!v.is_null()) e = read_text(v, key, s, 64);
            if (!e) p.stage = std::move(s);
        } else if (key == "estimatedTime") {
            if (v.is_null())
                p.clear_estimated_minutes = true;
            else
                e = read_minutes(v, p.estimated_minutes);
        } else if (key == "totalAmount") {
            if (v.is_null())
                p.clear_total_amount = true;
            else
                e = read_amount(v, key, p.total_amount);
        } else if (key == "items") {
            std::string items;
            e = read_items(v, key, items);
            if (!e) p.items = std::move(items);
        } else if (key == "attributes")
            e = read_attributes(v, p.attributes);
        else if (key == "version") {
            std::int64_t version = 0;
            if (v.get_int64().get(version) != simdjson::SUCCESS || version < 1)
                e = bad_type(key, "a positive integer");
            else
                p.expected_version = version;
        } else
            e = unknown_field(key,
                              "status, message, reason, priority, stationId, assigneeId, progress, stage, "
                              "estimatedTime, totalAmount, items, attributes, version");
        if (e) return *e;
    }
    if (p.empty())
        return fail(
            error_code::invalid_message,
            "nothing to change: send at least one of status, priority, stationId, assigneeId, progress, "
            "stage, estimatedTime, totalAmount, items, attributes");
    return p;
}

outcome<std::string> parse_note(std::string_view body) {
    auto parsed = parse_request_object(body);
    if (!parsed) return parsed.error();
    std::string text;
    bool seen = false;
    for (auto [key, v] : *parsed) {
        if (key != "text") return unknown_field(key, "text");
        if (auto e = read_text(v, key, text, k_max_note)) return *e;
        seen = true;
    }
    if (!seen || text.empty())
        return fail(error_code::invalid_message, "send {\"text\": \"...\"} with 1-2000 characters");
    return text;
}

std::string merge_json_objects(std::string_view base, std::string_view patch) {
    simdjson::dom::parser base_parser, patch_parser;
    object b, p;
    const bool has_base =
        base_parser.parse(base.data(), base.size(), true).get_object().get(b) == simdjson::SUCCESS;
    if (patch_parser.parse(patch.data(), patch.size(), true).get_object().get(p) != simdjson::SUCCESS)
        return std::string(base);
    std::string out;
    core::json_writer w(out);
    w.begin_object();
    if (has_base) {
        for (auto field : b) {
            if (p.at_key(field.key).error() == simdjson::SUCCESS) continue;  // replaced or removed below
            w.key(field.key).raw(simdjson::minify(field.value));
        }
    }
    for (auto field : p) {
        if (field.value.is_null()) continue;
        w.key(field.key).raw(simdjson::minify(field.value));
    }
    w.end_object();
    return out;
}

}  // namespace ordercast::domain

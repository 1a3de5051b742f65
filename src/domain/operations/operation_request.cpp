#include "domain/operations/operation_request.hpp"

#include <simdjson.h>

#include <algorithm>

#include <fmt/format.h>

#include "auth/channel_name.hpp"
#include "core/json_writer.hpp"
#include "domain/json_fields.hpp"

namespace ordercast::domain::operations {
namespace {

using core::error_code;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::size_t k_max_kind = 100;
constexpr std::size_t k_max_step = 100;
constexpr std::size_t k_max_steps = 50;

domain_error unknown_field(std::string_view key, std::string_view allowed) {
    return fail(error_code::invalid_message,
                fmt::format("unknown field \"{}\"; this body takes {}", key, allowed));
}

}  // namespace

outcome<operation_draft> parse_operation_draft(std::string_view body) {
    auto obj = parse_request_object(body, empty_body::as_empty_object);
    if (!obj) return obj.error();
    operation_draft d;
    bool has_kind = false;
    for (auto [key, value] : *obj) {
        std::optional<domain_error> e;
        if (key == "kind") {
            e = read_text(value, "kind", d.kind, k_max_kind);
            has_kind = true;
        } else if (key == "owner") {
            e = read_id(value, "owner", d.owner_id);
        } else if (key == "site") {
            e = read_id(value, "site", d.site_id);
        } else if (key == "steps") {
            simdjson::dom::array steps;
            if (value.get_array().get(steps) != simdjson::SUCCESS)
                return bad_type("steps", "an array of strings");
            if (steps.size() > k_max_steps)
                return fail(error_code::invalid_value,
                            fmt::format("\"steps\" may name at most {} steps", k_max_steps));
            d.steps.clear();
            core::json_writer w(d.steps);
            w.begin_array();
            for (element s : steps) {
                std::string name;
                if (auto bad = read_text(s, "steps[]", name, k_max_step)) return *bad;
                w.string(name);
            }
            w.end_array();
        } else {
            return unknown_field(key, "kind, owner, site, steps");
        }
        if (e) return *e;
    }
    if (!has_kind || d.kind.empty())
        return fail(error_code::invalid_message,
                    "\"kind\" is required: what the operation does (\"schedule\", ...)");
    return d;
}

outcome<progress_report> parse_progress_report(std::string_view body, std::size_t max_bytes) {
    auto obj = parse_request_object(body, empty_body::as_empty_object);
    if (!obj) return obj.error();
    progress_report r;
    bool has_progress = false;
    for (auto [key, value] : *obj) {
        if (key == "step") {
            std::string step;
            if (auto e = read_text(value, "step", step, k_max_step)) return *e;
            r.step = std::move(step);
        } else if (key == "progress") {
            std::int64_t p = 0;
            double f = 0;
            if (value.get_int64().get(p) != simdjson::SUCCESS) {
                if (value.get_double().get(f) != simdjson::SUCCESS) return bad_type("progress", "a number");
                if (!(f >= 0.0 && f <= 100.0))  // also NaN; and the cast below stays defined
                    return fail(error_code::invalid_value, "\"progress\" must be between 0 and 100");
                p = static_cast<std::int64_t>(f);
            }
            if (p < 0 || p > 100)
                return fail(error_code::invalid_value, "\"progress\" must be between 0 and 100");
            r.progress = static_cast<int>(p);
            has_progress = true;
        } else if (key == "message") {
            std::string m;
            if (auto e = read_text(value, "message", m, max_bytes, null_field::refused,
                                   error_code::message_too_large))
                return *e;
            r.message = std::move(m);
        } else {
            return unknown_field(key, "step, progress, message");
        }
    }
    if (!has_progress) return fail(error_code::invalid_message, "\"progress\" (0-100) is required");
    return r;
}

outcome<completion> parse_completion(std::string_view body, std::size_t max_bytes) {
    auto obj = parse_request_object(body, empty_body::as_empty_object);
    if (!obj) return obj.error();
    completion c;
    for (auto [key, value] : *obj) {
        if (key == "result") {
            c.result = simdjson::minify(value);
            if (c.result.size() > max_bytes) return field_too_large("result", max_bytes);
        } else if (key == "message") {
            if (auto e = read_text(value, "message", c.message, max_bytes, null_field::refused,
                                   error_code::message_too_large))
                return *e;
        } else {
            return unknown_field(key, "result, message");
        }
    }
    return c;
}

outcome<failure> parse_failure(std::string_view body, std::size_t max_bytes) {
    auto obj = parse_request_object(body, empty_body::as_empty_object);
    if (!obj) return obj.error();
    failure f;
    bool has_error = false;
    for (auto [key, value] : *obj) {
        if (key == "error") {
            object error;
            if (value.get_object().get(error) != simdjson::SUCCESS)
                return bad_type("error", "an object {code, details}");
            for (auto [ekey, evalue] : error) {
                if (ekey == "code") {
                    if (auto e = read_text(evalue, "error.code", f.code, 64)) return *e;
                } else if (ekey == "details") {
                    std::string_view s;
                    if (evalue.get_string().get(s) == simdjson::SUCCESS)
                        f.details = s;
                    else
                        f.details = simdjson::minify(evalue);
                    if (f.details.size() > max_bytes) return field_too_large("error.details", max_bytes);
                } else {
                    return unknown_field(ekey, "error.code, error.details");
                }
            }
            has_error = true;
        } else if (key == "message") {
            if (auto e = read_text(value, "message", f.message, max_bytes, null_field::refused,
                                   error_code::message_too_large))
                return *e;
        } else {
            return unknown_field(key, "error, message");
        }
    }
    if (!has_error || f.code.empty())
        return fail(error_code::invalid_message, "\"error\": {\"code\", \"details\"} is required");
    if (std::find(std::begin(k_failure_codes), std::end(k_failure_codes), f.code) ==
        std::end(k_failure_codes))
        return fail(error_code::invalid_value, fmt::format("error.code '{}' is not one of {}", f.code,
                                                           fmt::join(k_failure_codes, ", ")));
    return f;
}

}  // namespace ordercast::domain::operations

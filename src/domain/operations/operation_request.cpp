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

constexpr std::int64_t k_max_step_count = 100000;

// The caller's own id: an id that names channels (operation:{id}), or a non-negative integer,
// kept as its digits (the scheduler's schedule_id 123 stays "123").
std::optional<domain_error> read_operation_id(element v, std::string& out) {
    std::uint64_t n = 0;
    if (v.get_uint64().get(n) == simdjson::SUCCESS) {
        out = std::to_string(n);
        return std::nullopt;
    }
    if (!v.is_string()) return bad_type("id", "a string or a non-negative integer");
    return read_id(v, "id", out);
}

std::optional<domain_error> check_id(std::string_view id, std::string_view what, std::string& out) {
    if (!auth::is_valid_channel_id(id))
        return fail(error_code::invalid_value,
                    fmt::format("{} '{}' must be 1-128 characters of A-Z a-z 0-9 _ . @ -", what, id));
    out = id;
    return std::nullopt;
}

std::optional<domain_error> read_count(element v, std::string_view field, std::int64_t min,
                                       std::optional<int>& out) {
    std::int64_t n = 0;
    if (v.get_int64().get(n) != simdjson::SUCCESS) return bad_type(field, "an integer");
    if (n < min || n > k_max_step_count)
        return fail(error_code::invalid_value,
                    fmt::format("\"{}\" must be between {} and {}", field, min, k_max_step_count));
    out = static_cast<int>(n);
    return std::nullopt;
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
        } else if (key == "id") {
            e = read_operation_id(value, d.id);
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
            return unknown_field(key, "id, kind, owner, site, steps");
        }
        if (e) return *e;
    }
    if (!has_kind || d.kind.empty())
        return fail(error_code::invalid_message,
                    "\"kind\" is required: what the operation does (\"schedule\", ...)");
    return d;
}

outcome<operation_draft> parse_operation_put(std::string_view path_id, std::string_view body) {
    auto d = parse_operation_draft(body);
    if (!d) return d;
    std::string id;
    if (auto bad = check_id(path_id, "the path's {id}", id)) return *bad;
    if (!d->id.empty() && d->id != id)
        return fail(
            error_code::invalid_value,
            fmt::format("the body's \"id\" '{}' is not the path's '{}'; leave it out of a PUT", d->id, id));
    d->id = std::move(id);
    return d;
}

outcome<operation_reassignment> parse_operation_reassignment(std::string_view body) {
    auto obj = parse_request_object(body);
    if (!obj) return obj.error();
    operation_reassignment r;
    for (auto [key, value] : *obj) {
        std::string id;
        if (key == "owner") {
            if (auto e = read_id(value, "owner", id)) return *e;
            r.owner_id = std::move(id);
        } else if (key == "site") {
            if (auto e = read_id(value, "site", id)) return *e;
            r.site_id = std::move(id);
        } else {
            return unknown_field(key, "owner, site");
        }
    }
    if (!r.owner_id && !r.site_id)
        return fail(error_code::invalid_message, "nothing to change: send \"owner\", \"site\" or both");
    return r;
}

outcome<progress_report> parse_progress_report(std::string_view body, std::size_t max_bytes) {
    auto obj = parse_request_object(body, empty_body::as_empty_object);
    if (!obj) return obj.error();
    progress_report r;
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
        } else if (key == "currentStep") {
            if (auto e = read_count(value, key, 0, r.current_step)) return *e;
        } else if (key == "totalSteps") {
            if (auto e = read_count(value, key, 1, r.total_steps)) return *e;
        } else if (key == "message") {
            std::string m;
            if (auto e = read_text(value, "message", m, max_bytes, null_field::refused,
                                   error_code::message_too_large))
                return *e;
            r.message = std::move(m);
        } else {
            return unknown_field(key, "step, progress, currentStep, totalSteps, message");
        }
    }
    if (!r.progress && !r.current_step)
        return fail(error_code::invalid_message,
                    r.total_steps
                        ? "\"totalSteps\" needs \"currentStep\": send both, or \"progress\" (0-100)"
                        : "\"progress\" (0-100), or \"currentStep\" and \"totalSteps\", is required");
    if (r.current_step && r.total_steps) {
        if (auto bad = progress_of(r, 0); !bad) return bad.error();
    } else if (r.total_steps) {
        return fail(error_code::invalid_message, "\"totalSteps\" needs \"currentStep\"");
    }
    return r;
}

outcome<int> progress_of(const progress_report& r, std::size_t announced_steps) {
    if (!r.current_step) return *r.progress;
    const std::int64_t current = *r.current_step;
    std::int64_t total = r.total_steps.value_or(static_cast<int>(announced_steps));
    if (total < 1)
        return fail(error_code::invalid_value,
                    "\"currentStep\" needs \"totalSteps\": the operation announced no steps to count from");
    if (current > total)
        return fail(error_code::invalid_value,
                    fmt::format("\"currentStep\" {} is past \"totalSteps\" {}", current, total),
                    fmt::format(R"({{"currentStep":{},"totalSteps":{}}})", current, total));
    const std::int64_t floor = current * 100 / total;
    const std::int64_t ceil = (current * 100 + total - 1) / total;
    if (r.progress && *r.progress != floor && *r.progress != ceil)
        return fail(error_code::invalid_value,
                    fmt::format("\"progress\" {} disagrees with step {} of {} ({}%); send one form, or both "
                                "consistently",
                                *r.progress, current, total, floor),
                    fmt::format(R"({{"progress":{},"currentStep":{},"totalSteps":{},"derivedProgress":{}}})",
                                *r.progress, current, total, floor));
    return static_cast<int>(r.progress.value_or(static_cast<int>(floor)));
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

std::size_t count_steps(std::string_view steps) {
    // Not request_parser(): the caller may still hold what it parsed.
    thread_local simdjson::dom::parser parser;
    simdjson::dom::array arr;
    if (parser.parse(steps.data(), steps.size(), true).get_array().get(arr) != simdjson::SUCCESS) return 0;
    return arr.size();
}

}  // namespace ordercast::domain::operations

#include "protocol/v1_codec.hpp"

#include <fmt/format.h>

#include "core/clock.hpp"
#include "hub/event.hpp"

namespace ordercast::protocol {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

simdjson::dom::parser& thread_parser() {
    thread_local simdjson::dom::parser parser;
    return parser;
}

// An empty object kept alive for commands without data.
element empty_object() {
    thread_local simdjson::dom::parser parser;
    thread_local element empty = parser.parse(std::string_view("{}")).value();
    return empty;
}

const char* kind_name(field_kind k) {
    switch (k) {
        case field_kind::string:
            return "a non-empty string";
        case field_kind::string_array:
            return "a non-empty array of strings";
        case field_kind::object:
            return "an object";
    }
    return "?";
}

bool matches(element value, field_kind k) {
    switch (k) {
        case field_kind::string: {
            std::string_view s;
            return value.get_string().get(s) == simdjson::SUCCESS && !s.empty();
        }
        case field_kind::string_array: {
            simdjson::dom::array arr;
            if (value.get_array().get(arr) != simdjson::SUCCESS || arr.size() == 0) return false;
            for (element item : arr)
                if (!item.is_string()) return false;
            return true;
        }
        case field_kind::object:
            return value.is_object();
    }
    return false;
}

std::string_view optional_string(simdjson::dom::object obj, std::string_view key) {
    std::string_view s;
    if (obj[key].get_string().get(s) != simdjson::SUCCESS) return {};
    return s;
}

}  // namespace

parse_outcome parse_client_frame(std::string_view text) {
    parse_outcome out;
    element root;
    if (thread_parser().parse(text.data(), text.size(), true).get(root) != simdjson::SUCCESS) {
        out.state = parse_outcome::status::not_json;
        out.message = "the message is not valid JSON";
        return out;
    }
    simdjson::dom::object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS) {
        out.state = parse_outcome::status::invalid;
        out.message = "a message must be a JSON object with a \"type\"";
        return out;
    }
    out.message_id = optional_string(obj, "messageId");
    std::string_view type;
    if (obj["type"].get_string().get(type) != simdjson::SUCCESS) {
        out.state = parse_outcome::status::invalid;
        out.message = "the message has no string \"type\"";
        return out;
    }
    const client_message_spec* spec = find_client_message(type);
    if (spec == nullptr) {
        out.state = parse_outcome::status::unknown_type;
        out.code = core::error_code::unknown_type;
        out.message = fmt::format("unknown message type '{}'", type);
        return out;
    }
    element data;
    auto data_result = obj["data"];
    if (data_result.error() == simdjson::NO_SUCH_FIELD) {
        data = empty_object();
    } else if (data_result.get(data) != simdjson::SUCCESS || !data.is_object()) {
        out.state = parse_outcome::status::invalid;
        out.message = fmt::format("'{}': \"data\" must be an object", type);
        return out;
    }
    simdjson::dom::object data_obj = data.get_object().value_unsafe();
    for (const field_spec& f : spec->fields) {
        element value;
        if (data_obj[f.name].get(value) != simdjson::SUCCESS) {
            if (!f.required) continue;
            out.state = parse_outcome::status::invalid;
            out.message = fmt::format("'{}' needs data.{} ({})", type, f.name, kind_name(f.kind));
            return out;
        }
        if (!matches(value, f.kind)) {
            out.state = parse_outcome::status::invalid;
            out.message = fmt::format("'{}': data.{} must be {}", type, f.name, kind_name(f.kind));
            return out;
        }
    }
    out.command.type = spec->type;
    out.command.message_id = out.message_id;
    out.command.correlation_id = optional_string(obj, "correlationId");
    out.command.client_timestamp = optional_string(obj, "timestamp");
    out.command.data = data;
    return out;
}

void render_event(std::string& out, const hub::event& ev) {
    core::json_writer w(out);
    w.begin_object()
        .field("type", ev.type)
        .field("channel", ev.channel)
        .field("seq", ev.seq)
        .field("epoch", ev.epoch)
        .field("messageId", ev.message_id);
    w.key("timestamp").timestamp(ev.timestamp_ms);
    w.key("data").raw(ev.data.empty() ? std::string_view("{}") : std::string_view(ev.data));
    if (ev.requires_ack) w.field("requiresAck", true);
    w.end_object();
}

envelope::envelope(std::string& out, std::string_view type, std::string_view correlation_id)
    : out_(out), writer_(out) {
    writer_.begin_object().field("type", type);
    writer_.key("timestamp").timestamp(core::unix_ms());
    if (!correlation_id.empty()) writer_.field("correlationId", correlation_id);
    writer_.key("data").begin_object();
}

void envelope::finish() {
    writer_.end_object().end_object();
}

void render_error(std::string& out, core::error_code code, std::string_view message,
                  std::string_view correlation_id) {
    envelope e(out, "error", correlation_id);
    e.data().field("code", core::to_string(code)).field("message", message);
    e.finish();
}

void render_message_error(std::string& out, std::string_view message_id, core::error_code code,
                          std::string_view message) {
    envelope e(out, "message_error");
    e.data().field("messageId", message_id);
    e.data()
        .key("error")
        .begin_object()
        .field("code", core::to_string(code))
        .field("message", message)
        .end_object();
    e.finish();
}

void render_message_acknowledged(std::string& out, std::string_view message_id) {
    envelope e(out, "message_acknowledged");
    e.data().field("messageId", message_id).field("status", "processed");
    e.data().key("processedAt").timestamp(core::unix_ms());
    e.finish();
}

}  // namespace ordercast::protocol

#include "protocol/dialects/dialect_support.hpp"

#include "core/json_id.hpp"

namespace ordercast::protocol::support {

simdjson::dom::parser& frame_parser() {
    thread_local simdjson::dom::parser parser;
    return parser;
}

std::optional<simdjson::dom::element> parse_frame(std::string_view frame) {
    simdjson::dom::element root;
    if (frame_parser().parse(frame.data(), frame.size(), true).get(root) != simdjson::SUCCESS)
        return std::nullopt;
    if (!root.is_object()) return std::nullopt;
    return root;
}

request close_invalid_json() {
    request r;
    r.what = request::op::close;
    r.close = {1003, "invalid JSON"};
    return r;
}

std::string_view text(simdjson::dom::element e, std::string_view key, std::string_view fallback) {
    std::string_view s;
    if (e[key].get_string().get(s) != simdjson::SUCCESS) return fallback;
    return s;
}

std::optional<std::string> id_text(simdjson::dom::element e, std::string_view key) {
    std::string_view s;
    if (e[key].get_string().get(s) == simdjson::SUCCESS) return std::string(s);
    std::int64_t n = 0;
    if (e[key].get_int64().get(n) == simdjson::SUCCESS) return std::to_string(n);
    return std::nullopt;
}

std::int64_t integer(simdjson::dom::element e, std::string_view key, std::int64_t fallback) {
    std::int64_t n = 0;
    if (e[key].get_int64().get(n) == simdjson::SUCCESS) return n;
    double d = 0;
    if (e[key].get_double().get(d) == simdjson::SUCCESS) return static_cast<std::int64_t>(d);
    return fallback;
}

void copy(core::json_writer& w, std::string_view key, simdjson::dom::element e, std::string_view from) {
    simdjson::dom::element v;
    w.key(key);
    if (e[from].get(v) != simdjson::SUCCESS)
        w.null();
    else
        w.raw(simdjson::minify(v));
}

// ---- event tables ----------------------------------------------------------------------
namespace {

simdjson::dom::element scope_of(const event_row& row, simdjson::dom::element data) {
    if (row.scope.empty()) return data;
    simdjson::dom::element scope;
    if (data[row.scope].get(scope) == simdjson::SUCCESS && scope.is_object()) return scope;
    return data;
}

void write_envelope(core::json_writer& w, std::string_view name, const hub::event& ev) {
    if (name == "timestamp")
        w.timestamp(ev.timestamp_ms);
    else if (name == "channel")
        w.string(ev.channel);
    else if (name == "type")
        w.string(ev.type);
    else if (name == "seq")
        w.unsigned_number(ev.seq);
    else if (name == "epoch")
        w.string(ev.epoch);
    else if (name == "messageId")
        w.string(ev.message_id);
    else
        w.null();
}

// Writes the id at `key` (a non-empty string, or an integer) and returns true; false when there
// is none.
bool write_id_at(core::json_writer& w, simdjson::dom::element from, std::string_view key) {
    std::string_view s;
    if (from[key].get_string().get(s) == simdjson::SUCCESS) {
        if (s.empty()) return false;
        core::write_id(w, s);
        return true;
    }
    std::int64_t n = 0;
    if (from[key].get_int64().get(n) != simdjson::SUCCESS) return false;
    w.number(n);
    return true;
}

// Writes the value of `f` (its key is written) read from `from`.
void write_copied(core::json_writer& w, const wire_field& f, simdjson::dom::element from) {
    switch (f.type) {
        case field_type::string: {
            std::string_view s = text(from, f.canonical);
            if (s.empty() && !f.otherwise.empty()) s = text(from, f.otherwise);
            w.string(s);
            return;
        }
        case field_type::string_or_null: {
            std::string_view s;
            if (from[f.canonical].get_string().get(s) == simdjson::SUCCESS ||
                (!f.otherwise.empty() && from[f.otherwise].get_string().get(s) == simdjson::SUCCESS))
                w.string(s);
            else
                w.null();
            return;
        }
        case field_type::id_or_null:
            if (!write_id_at(w, from, f.canonical) &&
                (f.otherwise.empty() || !write_id_at(w, from, f.otherwise)))
                w.null();
            return;
        case field_type::integer:
            w.number(integer(from, f.canonical));
            return;
        case field_type::timestamp:
            w.timestamp(integer(from, f.canonical));
            return;
        case field_type::number_or_null:
        case field_type::object_or_null:
        case field_type::any_or_null:
        case field_type::object: {
            simdjson::dom::element v;
            if (from[f.canonical].get(v) == simdjson::SUCCESS ||
                (!f.otherwise.empty() && from[f.otherwise].get(v) == simdjson::SUCCESS))
                w.raw(simdjson::minify(v));
            else
                w.null();
            return;
        }
    }
}

void write_field(core::json_writer& w, const wire_field& f, const hub::event& ev, simdjson::dom::element data,
                 simdjson::dom::element scope) {
    w.plain_key(f.wire);
    switch (f.from) {
        case field_source::data:
            write_copied(w, f, data);
            return;
        case field_source::scope:
            write_copied(w, f, scope);
            return;
        case field_source::envelope:
            write_envelope(w, f.canonical, ev);
            return;
        case field_source::constant:
            if (f.type == field_type::integer)
                w.raw(f.canonical);
            else
                w.string(f.canonical);
            return;
        case field_source::computed:
            if (f.compute)
                f.compute(w, ev, data);
            else
                w.null();
            return;
    }
}

}  // namespace

const event_row* find_row(const event_table& table, std::string_view type,
                          simdjson::dom::element data) noexcept {
    // Rows of one event usually test one key (progress: status): read it once.
    std::string_view key, value;
    for (const event_row& row : table.rows) {
        if (row.event != type) continue;
        if (row.when_key.empty()) return &row;
        if (row.when_key != key) {
            key = row.when_key;
            value = text(data, key);
        }
        if (value == row.when_value) return &row;
    }
    return nullptr;
}

bool render_event(std::string& out, const event_table& table, const hub::event& ev,
                  simdjson::dom::element data) {
    const event_row* row = find_row(table, ev.type, data);
    core::json_writer w(out);
    if (row) {
        const simdjson::dom::element scope = scope_of(*row, data);
        w.begin_object().key("type").string(row->wire);
        if (!table.nest.empty()) w.plain_key(table.nest).begin_object();
        for (const wire_field& f : row->fields) write_field(w, f, ev, data, scope);
        if (!table.nest.empty()) w.end_object();
    } else if (table.pass_through && !table.nest.empty()) {
        w.begin_object().field("type", ev.type);
        w.plain_key(table.nest).raw(ev.data.empty() ? std::string_view("{}") : std::string_view(ev.data));
    } else {
        return false;
    }
    for (const wire_field& f : table.trailer) write_field(w, f, ev, data, data);
    w.end_object();
    return true;
}

}  // namespace ordercast::protocol::support

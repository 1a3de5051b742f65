// docs/protocol.md must list every message of every dialect, row for row as the dialect's
// table says, and each seed dialect's event fields exactly as its event table renders them, so
// the documentation of the seed clients' contracts cannot drift from the code.
//
// The "Event fields" tables are generated: ORDERCAST_UPDATE_DOCS=1 dialect_registry_test
// --gtest_filter='dialect_docs.*' rewrites them in docs/protocol.md from the event tables.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "protocol/dialect_registry.hpp"

namespace ordercast::protocol {
namespace {

std::string protocol_doc_path() {
    return std::string(ORDERCAST_SOURCE_DIR) + "/docs/protocol.md";
}

std::string read_protocol_doc() {
    std::ifstream in(protocol_doc_path());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

constexpr dialect_id k_seed_dialects[] = {dialect_id::factory, dialect_id::rooms, dialect_id::progress,
                                          dialect_id::shop, dialect_id::restaurant};

// The section "## Dialect `name`" up to the next "## ".
std::string section_of(const std::string& doc, const dialect& d) {
    const std::string heading = "## Dialect `" + std::string(d.name()) + "`";
    const auto at = doc.find(heading);
    if (at == std::string::npos) return {};
    const auto end = doc.find("\n## ", at + heading.size());
    return doc.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

// "| in | `subscribe` | join order:{id} (by order id or number) | action, order_id |"
std::string doc_row(const message_row& m) {
    return "| " + std::string(m.direction == message_row::way::in ? "in" : "out") + " | `" +
           std::string(m.wire) + "` | " + std::string(m.canonical) + " | " + std::string(m.fields) + " |";
}

// ---- what the event table says -----------------------------------------------------------
void add_once(std::vector<std::string>& list, std::string_view item) {
    for (const auto& s : list)
        if (s == item) return;
    list.emplace_back(item);
}

std::string joined(const std::vector<std::string>& list) {
    std::string out;
    for (const auto& s : list) out += (out.empty() ? "" : ", ") + s;
    return out;
}

// The wire names of `table`, in row order, each once.
std::vector<std::string> wire_names(const event_table& table) {
    std::vector<std::string> names;
    for (const auto& row : table.rows) add_once(names, row.wire);
    return names;
}

// The canonical events and the wire fields of the frames named `wire`, as the message table
// lists them: of a nested table (rooms), the fields inside the nest.
std::pair<std::string, std::string> events_and_fields(const event_table& table, std::string_view wire) {
    std::vector<std::string> events, fields;
    for (const auto& row : table.rows) {
        if (row.wire != wire) continue;
        add_once(events, row.event);
        for (const auto& f : row.fields) add_once(fields, f.wire);
    }
    return {joined(events), joined(fields)};
}

// Where a field's value comes from, in the words of the docs.
std::string origin(const event_row& row, const wire_field& f) {
    const auto code = [](std::string_view s) { return "`" + std::string(s) + "`"; };
    switch (f.from) {
        case field_source::data:
        case field_source::scope: {
            const std::string prefix = f.from == field_source::scope ? std::string(row.scope) + "." : "";
            std::string s = code(prefix + std::string(f.canonical));
            if (!f.otherwise.empty()) s += ", else " + code(prefix + std::string(f.otherwise));
            return s;
        }
        case field_source::envelope:
            return "envelope " + code(f.canonical);
        case field_source::constant:
            return "always " + code(f.type == field_type::integer ? std::string(f.canonical)
                                                                  : "\"" + std::string(f.canonical) + "\"");
        case field_source::computed: {
            std::string s = "computed from ";
            std::string_view names = f.canonical;  // "a, b, c"
            for (bool first = true; !names.empty(); first = false) {
                const auto comma = names.find(", ");
                s += (first ? "" : ", ") + code(names.substr(0, comma));
                names = comma == std::string_view::npos ? std::string_view() : names.substr(comma + 2);
            }
            return s;
        }
    }
    return {};
}

// "operation_state when `status` is `failed` or `cancelled`": the rows of `event` among `group`.
std::string event_label(const std::vector<const event_row*>& group, std::string_view event) {
    std::string label(event), values;
    std::string_view key;
    for (const event_row* r : group) {
        if (r->event != event) continue;
        if (r->when_key.empty()) return label;  // one row without a condition takes every case
        key = r->when_key;
        values += (values.empty() ? "`" : "` or `") + std::string(r->when_value);
    }
    return label + " when `" + std::string(key) + "` is " + values + "`";
}

// The generated "Event fields" table of `table`: one block of lines per group of rows that
// share a wire name, fields and scope, in the order of their first row.
std::string event_fields_table(const event_table& table) {
    std::string out = "| frame | canonical events | field | from | type |\n|---|---|---|---|---|\n";
    const std::string nest = table.nest.empty() ? "" : std::string(table.nest) + ".";
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const event_row& row = table.rows[i];
        const auto same = [&](const event_row& o) {
            return o.wire == row.wire && o.fields.data() == row.fields.data() && o.scope == row.scope;
        };
        bool seen = false;
        for (std::size_t j = 0; j < i; ++j) seen = seen || same(table.rows[j]);
        if (seen) continue;
        std::vector<const event_row*> group;
        std::vector<std::string> events;
        for (const auto& o : table.rows) {
            if (!same(o)) continue;
            group.push_back(&o);
            add_once(events, o.event);
        }
        std::vector<std::string> labels;
        for (const auto& e : events) labels.push_back(event_label(group, e));
        const std::string which = joined(labels);
        bool first = true;
        const auto line = [&](const wire_field& f, const std::string& key) {
            out += first ? "| `" + std::string(row.wire) + "` | " + which + " | " : "| | | ";
            out += "`" + key + "` | " + origin(row, f) + " | " + std::string(to_string(f.type)) + " |\n";
            first = false;
        };
        for (const auto& f : row.fields) line(f, nest + std::string(f.wire));
        for (const auto& f : table.trailer) line(f, std::string(f.wire));
    }
    return out;
}

std::string begin_marker(const dialect& d) {
    return "<!-- event-fields " + std::string(d.name()) + ": generated from the dialect's event table -->\n";
}
constexpr std::string_view k_end_marker = "<!-- /event-fields -->";

// ---- the checks ------------------------------------------------------------------------------
TEST(dialect_docs, every_dialect_has_a_section_listing_each_of_its_messages) {
    const std::string doc = read_protocol_doc();
    ASSERT_FALSE(doc.empty());
    core::config cfg;
    dialect_registry dialects(cfg);
    for (auto id : k_seed_dialects) {
        const dialect& d = dialects.get(id);
        const std::string section = section_of(doc, d);
        ASSERT_FALSE(section.empty()) << "docs/protocol.md has no section ## Dialect `" << d.name() << "`";
        EXPECT_FALSE(d.messages().empty()) << d.name();
        for (const auto& m : d.messages())
            EXPECT_NE(section.find(doc_row(m)), std::string::npos)
                << d.name() << ": docs/protocol.md is missing or has an outdated row:\n"
                << doc_row(m);
    }
}

// A message row may say more than the table after a ';' (rooms' pass-through of published
// events) or after a space (shop's "complete of an operation of kind chitty"), and describe a
// computed object's keys in braces ("error{code, details}").
bool lists(std::string_view cell, std::string_view expected) {
    std::string plain;
    int depth = 0;
    for (char c : cell) {
        if (c == '{')
            ++depth;
        else if (c == '}')
            --depth;
        else if (depth == 0)
            plain += c;
    }
    if (plain.size() < expected.size() || std::string_view(plain).substr(0, expected.size()) != expected)
        return false;
    return plain.size() == expected.size() || plain[expected.size()] == ';' || plain[expected.size()] == ' ';
}

TEST(dialect_docs, each_event_frame_of_the_message_table_lists_the_event_tables_events_and_fields) {
    core::config cfg;
    dialect_registry dialects(cfg);
    for (auto id : k_seed_dialects) {
        const dialect& d = dialects.get(id);
        ASSERT_NE(d.events(), nullptr) << d.name() << " renders its events from a table";
        for (const auto& wire : wire_names(*d.events())) {
            const auto [events, fields] = events_and_fields(*d.events(), wire);
            const message_row* row = nullptr;
            for (const auto& m : d.messages())
                if (m.direction == message_row::way::out && lists(m.wire, wire)) row = &m;
            ASSERT_NE(row, nullptr) << d.name() << ": messages() has no out row for the frame " << wire;
            EXPECT_TRUE(lists(row->canonical, events))
                << d.name() << " " << wire << ": the message row says '" << row->canonical << "', the table '"
                << events << "'";
            EXPECT_TRUE(lists(row->fields, fields)) << d.name() << " " << wire << ": the message row says '"
                                                    << row->fields << "', the table '" << fields << "'";
        }
    }
}

TEST(dialect_docs, each_seed_dialects_event_fields_table_is_generated_from_its_event_table) {
    std::string doc = read_protocol_doc();
    ASSERT_FALSE(doc.empty());
    core::config cfg;
    dialect_registry dialects(cfg);
    const bool update = std::getenv("ORDERCAST_UPDATE_DOCS") != nullptr;
    for (auto id : k_seed_dialects) {
        const dialect& d = dialects.get(id);
        ASSERT_NE(d.events(), nullptr) << d.name();
        const std::string begin = begin_marker(d);
        const std::string expected = event_fields_table(*d.events());
        const auto at = doc.find(begin);
        const auto end = at == std::string::npos ? at : doc.find(k_end_marker, at);
        if (at == std::string::npos || end == std::string::npos) {
            ADD_FAILURE() << "docs/protocol.md's section ## Dialect `" << d.name()
                          << "` needs its event fields:\n"
                          << begin << expected << k_end_marker;
            continue;
        }
        const std::string actual = doc.substr(at + begin.size(), end - at - begin.size());
        if (actual == expected) continue;
        if (update) {
            doc.replace(at + begin.size(), actual.size(), expected);
            continue;
        }
        ADD_FAILURE() << "docs/protocol.md's event fields of " << d.name()
                      << " are out of date (ORDERCAST_UPDATE_DOCS=1 rewrites them); expected:\n"
                      << expected;
    }
    if (update) std::ofstream(protocol_doc_path(), std::ios::trunc) << doc;
}

}  // namespace
}  // namespace ordercast::protocol

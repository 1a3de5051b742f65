// Every seed dialect's frame of a corpus of canonical events, byte for byte as the dialects
// wrote them before their renderings became tables (the expected texts were captured from the
// if-chains): full events, events missing fields, fields of the wrong type, numbers where
// strings are expected, escapes, and the conditions (operation states, chitty) that pick a row.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

#include "core/json_writer.hpp"
#include "protocol/dialect_registry.hpp"

namespace ordercast::protocol {
namespace {

struct sample {
    std::string_view type;
    std::string_view data;
};

constexpr sample k_corpus[] = {
#include "protocol/dialects/event_tables_corpus.inc"
};

std::string render_all(const dialect_registry& registry, const sample& s) {
    hub::event ev;
    ev.channel = "site:s1:orders";
    ev.type = std::string(s.type);
    ev.data = std::string(s.data);
    ev.seq = 7;
    ev.timestamp_ms = 1700000000123;
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element data = parser.parse(ev.data);
    std::string all;
    for (auto id : {dialect_id::factory, dialect_id::rooms, dialect_id::progress, dialect_id::shop}) {
        std::string out;
        all += std::string(to_string(id)) + ": ";
        all += registry.get(id).render_event(out, ev, data) ? out : "(none)";
        all += '\n';
    }
    return all;
}

TEST(event_tables, every_seed_dialect_renders_the_corpus_as_before) {
    core::config cfg;
    dialect_registry registry(cfg);
    std::string all;
    for (const sample& s : k_corpus)
        all += std::string(s.type) + " " + std::string(s.data) + "\n" + render_all(registry, s);
    if (std::getenv("ORDERCAST_PRINT_CORPUS")) std::cout << all;
    const std::string expected =
#include "protocol/dialects/event_tables_expected.inc"
        ;
    EXPECT_EQ(all, expected);
}

// The renderer writes the tables' keys without escaping them (json_writer::plain_key).
TEST(event_tables, every_key_of_every_table_needs_no_escaping) {
    core::config cfg;
    dialect_registry registry(cfg);
    for (auto id : {dialect_id::factory, dialect_id::rooms, dialect_id::progress, dialect_id::shop}) {
        const event_table* table = registry.get(id).events();
        ASSERT_NE(table, nullptr) << to_string(id);
        EXPECT_TRUE(table->nest.empty() || core::is_plain_key(table->nest)) << to_string(id);
        for (const auto& f : table->trailer)
            EXPECT_TRUE(core::is_plain_key(f.wire)) << to_string(id) << " " << f.wire;
        for (const auto& row : table->rows)
            for (const auto& f : row.fields)
                EXPECT_TRUE(core::is_plain_key(f.wire)) << to_string(id) << " " << row.wire << " " << f.wire;
    }
}

}  // namespace
}  // namespace ordercast::protocol

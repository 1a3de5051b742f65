// docs/protocol.md must list every message of every dialect, row for row as the dialect's
// table says, so the documentation of the seeds' contracts cannot drift from the code.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "protocol/dialect_registry.hpp"

namespace ordercast::protocol {
namespace {

std::string read_protocol_doc() {
    std::ifstream in(std::string(ORDERCAST_SOURCE_DIR) + "/docs/protocol.md");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// "| in | `subscribe` | join order:{id} (by order id or number) | action, order_id |"
std::string doc_row(const message_row& m) {
    return "| " + std::string(m.direction == message_row::way::in ? "in" : "out") + " | `" + std::string(m.wire) +
           "` | " + std::string(m.canonical) + " | " + std::string(m.fields) + " |";
}

TEST(dialect_docs, every_dialect_has_a_section_listing_each_of_its_messages) {
    const std::string doc = read_protocol_doc();
    ASSERT_FALSE(doc.empty());
    core::config cfg;
    dialect_registry dialects(cfg);
    for (auto id : {dialect_id::factory, dialect_id::rooms, dialect_id::progress, dialect_id::shop}) {
        const dialect& d = dialects.get(id);
        const std::string heading = "## Dialect `" + std::string(d.name()) + "`";
        const auto at = doc.find(heading);
        ASSERT_NE(at, std::string::npos) << "docs/protocol.md has no section " << heading;
        const auto end = doc.find("\n## ", at + heading.size());
        const std::string section = doc.substr(at, end == std::string::npos ? std::string::npos : end - at);
        EXPECT_FALSE(d.messages().empty()) << d.name();
        for (const auto& m : d.messages())
            EXPECT_NE(section.find(doc_row(m)), std::string::npos)
                << heading << " is missing or has an outdated row:\n" << doc_row(m);
    }
}

}  // namespace
}  // namespace ordercast::protocol

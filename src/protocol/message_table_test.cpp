// The protocol reference must list every message type the code knows, so docs cannot drift.
#include "protocol/message_table.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace {
std::string read_protocol_doc() {
    std::ifstream in(std::string(ORDERCAST_SOURCE_DIR) + "/docs/protocol.md");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
}  // namespace

TEST(message_table, every_client_message_and_field_is_documented) {
    std::string doc = read_protocol_doc();
    ASSERT_FALSE(doc.empty());
    for (const auto& m : ordercast::protocol::client_messages()) {
        EXPECT_NE(doc.find("| `" + std::string(m.name) + "` |"), std::string::npos) << m.name;
        for (const auto& f : m.fields)
            EXPECT_NE(doc.find(std::string(f.name)), std::string::npos) << m.name << "." << f.name;
    }
}

TEST(message_table, every_server_message_is_documented) {
    std::string doc = read_protocol_doc();
    for (auto name : ordercast::protocol::server_messages())
        EXPECT_NE(doc.find("`" + std::string(name) + "`"), std::string::npos) << name;
}

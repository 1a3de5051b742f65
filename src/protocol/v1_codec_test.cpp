#include "protocol/v1_codec.hpp"

#include <gtest/gtest.h>

#include "hub/event.hpp"

using namespace ordercast::protocol;

TEST(v1_codec, parses_subscribe_with_channels_and_message_id) {
    auto r = parse_client_frame(R"({"type":"subscribe","messageId":"m1","data":{"channels":["a:b"]}})");
    ASSERT_EQ(r.state, parse_outcome::status::ok) << r.message;
    EXPECT_EQ(r.command.type, client_type::subscribe);
    EXPECT_EQ(r.command.message_id, "m1");
}

TEST(v1_codec, unparsable_text_is_not_json) {
    EXPECT_EQ(parse_client_frame("{nope").state, parse_outcome::status::not_json);
}

TEST(v1_codec, known_type_with_missing_or_mistyped_field_is_invalid) {
    auto missing = parse_client_frame(R"({"type":"subscribe","data":{}})");
    EXPECT_EQ(missing.state, parse_outcome::status::invalid);
    EXPECT_NE(missing.message.find("channels"), std::string::npos);
    auto mistyped = parse_client_frame(R"({"type":"ack","messageId":"x","data":{"messageIds":"m"}})");
    EXPECT_EQ(mistyped.state, parse_outcome::status::invalid);
    EXPECT_EQ(mistyped.message_id, "x");
    EXPECT_EQ(parse_client_frame(R"({"type":"ping","data":[]})").state, parse_outcome::status::invalid);
    EXPECT_EQ(parse_client_frame(R"([1,2])").state, parse_outcome::status::invalid);
}

TEST(v1_codec, unknown_type_is_reported_with_its_code) {
    auto r = parse_client_frame(R"({"type":"dance"})");
    EXPECT_EQ(r.state, parse_outcome::status::unknown_type);
    EXPECT_EQ(r.code, ordercast::core::error_code::unknown_type);
}

TEST(v1_codec, ping_without_data_parses) {
    auto r = parse_client_frame(R"({"type":"ping","timestamp":"2024-01-15T10:30:00Z"})");
    ASSERT_EQ(r.state, parse_outcome::status::ok);
    EXPECT_EQ(r.command.client_timestamp, "2024-01-15T10:30:00Z");
}

TEST(v1_codec, renders_an_event_with_its_envelope_fields) {
    ordercast::hub::event ev;
    ev.channel = "order:1";
    ev.type = "order_ready";
    ev.data = R"({"orderId":"1"})";
    ev.seq = 3;
    ev.epoch = "abcd";
    ev.message_id = "abcd-9";
    ev.timestamp_ms = 1705314600123;
    ev.requires_ack = true;
    std::string out;
    render_event(out, ev);
    EXPECT_EQ(out, R"({"type":"order_ready","channel":"order:1","seq":3,"epoch":"abcd","messageId":"abcd-9",)"
                   R"("timestamp":"2024-01-15T10:30:00.123Z","data":{"orderId":"1"},"requiresAck":true})");
}

// The renderer writes each event once per dialect in use, as a complete frame, and leaves the
// slots of unused dialects and of events a dialect does not carry empty.
#include "protocol/event_renderer.hpp"

#include <gtest/gtest.h>

#include "protocol/dialect_registry.hpp"

namespace ordercast::protocol {
namespace {

hub::event status_changed() {
    hub::event ev;
    ev.channel = "site:s1:orders";
    ev.type = "order_status_changed";
    ev.data =
        R"({"orderId":"o1","orderNumber":null,"version":2,"order":{"status":"ready","stage":null,"progress":0,)"
        R"("siteId":"s1","customerId":"c1","totalAmount":null,"currency":null,"updatedAt":"2026-01-31T10:30:00.000Z"},)"
        R"("previousStatus":"cutting","currentStatus":"ready","updatedBy":"m1","updatedAt":"2026-01-31T10:30:00.000Z"})";
    ev.seq = 1;
    ev.message_id = "e-1";
    ev.epoch = "e.0";
    ev.timestamp_ms = 1700000000000;
    return ev;
}

// The JSON after a server text frame's header, found from the header itself (2 bytes for
// payloads under 126 bytes, else 4), and checked against the frame's own payload offset.
std::string payload(const hub::rendered_frame& frame) {
    const std::string& bytes = *frame.bytes;
    EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0x81) << "a final text frame";
    const auto len7 = static_cast<unsigned char>(bytes[1]) & 0x7F;
    const std::size_t header = len7 < 126 ? 2 : 4;
    EXPECT_EQ(frame.payload_offset, header);
    EXPECT_EQ(frame.payload(), std::string_view(bytes).substr(header));
    return bytes.substr(header);
}

TEST(event_renderer, v1_always_and_other_dialects_only_while_someone_uses_them) {
    core::config cfg;
    dialect_registry dialects(cfg);
    const event_renderer render(dialects);

    hub::event idle = status_changed();
    render(idle);
    ASSERT_EQ(idle.renderings.size(), 1u) << "no slots for dialects nobody uses";
    ASSERT_TRUE(idle.renderings[rendering_slot(dialect_id::v1)]);
    for (auto id : {dialect_id::factory, dialect_id::rooms, dialect_id::progress, dialect_id::shop})
        EXPECT_FALSE(idle.rendering(rendering_slot(id))) << to_string(id);

    dialects.opened(dialect_id::factory);
    dialects.opened(dialect_id::progress);
    hub::event used = status_changed();
    render(used);
    ASSERT_EQ(used.renderings.size(), rendering_slot(dialect_id::progress) + 1)
        << "up to the last dialect in use";
    ASSERT_TRUE(used.renderings[rendering_slot(dialect_id::factory)]);
    EXPECT_EQ(payload(used.renderings[rendering_slot(dialect_id::factory)]),
              R"({"type":"order_update","order_id":"o1","status":"ready","stage":null,"progress":0,)"
              R"("timestamp":"2026-01-31T10:30:00.000Z"})");
    EXPECT_FALSE(used.rendering(rendering_slot(dialect_id::progress)))
        << "progress does not carry order events";
    EXPECT_FALSE(used.rendering(rendering_slot(dialect_id::rooms))) << "nobody uses rooms";
    EXPECT_FALSE(used.rendering(rendering_slot(dialect_id::shop))) << "past the last dialect in use";
    EXPECT_NE(
        payload(used.renderings[rendering_slot(dialect_id::v1)]).find(R"("type":"order_status_changed")"),
        std::string::npos);
}

// A profile that gives /v1's path to a seed's dialect leaves the canonical dialect without a
// path: nobody can receive its frames, so the event is rendered once, in the seed's spelling.
TEST(event_renderer, a_dialect_without_a_path_is_never_rendered) {
    core::config cfg;
    cfg.dialect_v1.paths.clear();
    cfg.dialect_restaurant.paths = {"/v1"};
    dialect_registry dialects(cfg);
    const event_renderer render(dialects);

    hub::event ev = status_changed();
    render(ev);
    EXPECT_FALSE(ev.rendering(rendering_slot(dialect_id::v1))) << "/v1 speaks the restaurant dialect";
    ASSERT_TRUE(ev.rendering(rendering_slot(dialect_id::restaurant))) << "it acknowledges and replays";
    EXPECT_NE(payload(*ev.rendering(rendering_slot(dialect_id::restaurant))).find(R"("version":"1.0")"),
              std::string::npos);

    cfg.dialect_restaurant.paths.clear();
    dialect_registry none(cfg);
    hub::event unheard = status_changed();
    event_renderer{none}(unheard);
    EXPECT_TRUE(unheard.renderings.empty()) << "no dialect with a path is in use or replays";
}

}  // namespace
}  // namespace ordercast::protocol

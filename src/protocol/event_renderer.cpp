#include "protocol/event_renderer.hpp"

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <memory>

#include "net/websocket/frame_writer.hpp"
#include "protocol/dialect_registry.hpp"
#include "protocol/v1_codec.hpp"

namespace ordercast::protocol {
namespace {

constexpr std::size_t k_room = websocket::k_max_server_header_size;

// Starts a frame buffer with room for the largest header, so the JSON is written once, in place.
std::shared_ptr<std::string> new_frame(std::size_t expected_json) {
    auto frame = std::make_shared<std::string>();
    frame->reserve(k_room + expected_json);
    frame->assign(k_room, '\0');
    return frame;
}

// Puts the text frame's header in front of the JSON written after the room.
hub::rendered_frame finish_frame(std::shared_ptr<std::string> frame) {
    const std::size_t payload = frame->size() - k_room;
    const auto header = websocket::encode_header(websocket::opcode::text, payload);
    const std::size_t start = k_room - header.size;
    std::memcpy(frame->data() + start, header.bytes.data(), header.size);
    frame->erase(0, start);
    return {std::move(frame), header.size};
}

simdjson::dom::parser& data_parser() {
    thread_local simdjson::dom::parser parser;
    return parser;
}

}  // namespace

static_assert(rendering_slot(dialect_id::v1) == 0, "v1's frame is in every event's first slot");

// A dialect without a path has no connections and nothing to replay to, so it is never
// rendered; that includes /v1 when a profile hands its path to a seed's dialect.
bool event_renderer::wanted(dialect_id id) const noexcept {
    if (!dialects_.enabled(id)) return false;
    return dialects_.in_use(id) || dialects_.get(id).traits().acknowledges;
}

void event_renderer::operator()(hub::event& ev) const {
    // Slots up to the last dialect rendered, sized once: an event's frames cost one allocation,
    // and history keeps no slots of dialects nobody uses (v1 alone: one slot).
    std::size_t slots = 0;
    for (std::size_t i = 0; i < k_dialect_count; ++i)
        if (wanted(static_cast<dialect_id>(i))) slots = i + 1;
    ev.renderings.resize(slots);
    if (wanted(dialect_id::v1)) {
        auto v1 = new_frame(256 + ev.data.size());
        render_event(*v1, ev);
        ev.renderings[rendering_slot(dialect_id::v1)] = finish_frame(std::move(v1));
    }

    simdjson::dom::element data;
    bool parsed = false;
    for (std::size_t i = 1; i < slots; ++i) {
        const auto id = static_cast<dialect_id>(i);
        if (!wanted(id)) continue;
        if (!parsed) {
            // Publishers validated the data; a failure here means a bug, and no dialect renders.
            if (data_parser().parse(ev.data).get(data) != simdjson::SUCCESS) {
                spdlog::error("renderer: the data of a '{}' event on {} is not JSON; only /v1 gets it",
                              ev.type, ev.channel);
                return;
            }
            parsed = true;
        }
        try {
            auto frame = new_frame(128 + ev.data.size());
            if (!dialects_.get(id).render_event(*frame, ev, data)) continue;
            ev.renderings[i] = finish_frame(std::move(frame));
        } catch (const std::exception& e) {
            spdlog::error("renderer: dialect {} failed on a '{}' event of {}: {}", to_string(id), ev.type,
                          ev.channel, e.what());
        }
    }
}

}  // namespace ordercast::protocol

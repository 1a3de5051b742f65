#include "app/event_renderer.hpp"

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <memory>

#include "net/websocket/frame_writer.hpp"
#include "protocol/dialect_registry.hpp"
#include "protocol/v1_codec.hpp"

namespace ordercast::app {
namespace {

using protocol::dialect_id;

constexpr std::size_t k_room = websocket::k_max_server_header_size;

// Starts a frame buffer with room for the largest header, so the JSON is written once, in place.
std::shared_ptr<std::string> new_frame(std::size_t expected_json) {
    auto frame = std::make_shared<std::string>();
    frame->reserve(k_room + expected_json);
    frame->assign(k_room, '\0');
    return frame;
}

// Puts the text frame's header in front of the JSON written after the room.
void finish_frame(std::string& frame) {
    const std::size_t payload = frame.size() - k_room;
    const auto header = websocket::encode_header(websocket::opcode::text, payload);
    const std::size_t start = k_room - header.size;
    std::memcpy(frame.data() + start, header.bytes.data(), header.size);
    frame.erase(0, start);
}

simdjson::dom::parser& data_parser() {
    thread_local simdjson::dom::parser parser;
    return parser;
}

}  // namespace

void event_renderer::operator()(hub::event& ev) const {
    auto v1 = new_frame(256 + ev.data.size());
    protocol::render_event(*v1, ev);
    finish_frame(*v1);
    ev.renderings[protocol::rendering_slot(dialect_id::v1)] = std::move(v1);

    simdjson::dom::element data;
    bool parsed = false;
    for (auto id : {dialect_id::factory, dialect_id::rooms, dialect_id::progress, dialect_id::shop}) {
        if (!dialects_.in_use(id)) continue;
        if (!parsed) {
            // Publishers validated the data; a failure here means a bug, and no dialect renders.
            if (data_parser().parse(ev.data).get(data) != simdjson::SUCCESS) {
                spdlog::error("renderer: the data of a '{}' event on {} is not JSON; only /v1 gets it", ev.type,
                              ev.channel);
                return;
            }
            parsed = true;
        }
        try {
            auto frame = new_frame(128 + ev.data.size());
            if (!dialects_.get(id).render_event(*frame, ev, data)) continue;
            finish_frame(*frame);
            ev.renderings[protocol::rendering_slot(id)] = std::move(frame);
        } catch (const std::exception& e) {
            spdlog::error("renderer: dialect {} failed on a '{}' event of {}: {}", protocol::to_string(id), ev.type,
                          ev.channel, e.what());
        }
    }
}

}  // namespace ordercast::app

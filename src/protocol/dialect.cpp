#include "protocol/dialect.hpp"

namespace ordercast::protocol {
namespace {

simdjson::dom::parser& first_state_parser() {
    thread_local simdjson::dom::parser parser;
    return parser;
}

}  // namespace

std::string_view to_string(dialect_id d) noexcept {
    switch (d) {
        case dialect_id::v1:
            return "v1";
        case dialect_id::factory:
            return "factory";
        case dialect_id::rooms:
            return "rooms";
        case dialect_id::progress:
            return "progress";
        case dialect_id::shop:
            return "shop";
        case dialect_id::restaurant:
            return "restaurant";
    }
    return "unknown";
}

void dialect::render_first_state(reply_sink& out, std::string_view channel, const first_state& state) const {
    const hub::event ev = first_state_event(channel, state);
    simdjson::dom::element data;
    if (first_state_parser().parse(ev.data).get(data) != simdjson::SUCCESS) return;
    std::string text;
    if (render_event(text, ev, data)) out.send(text);
}

}  // namespace ordercast::protocol

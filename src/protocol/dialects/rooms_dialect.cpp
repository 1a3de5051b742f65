// PLACEHOLDER until the rooms dialect is written (issue 7): it joins nothing, renders nothing
// and refuses every connection, so the registry and the session can be built against it.
#include "protocol/dialect.hpp"

namespace ordercast::protocol {
namespace {

class rooms_dialect final : public dialect {
public:
    rooms_dialect() : dialect(dialect_id::rooms, dialect_limits{}) {}
    std::vector<connect_channel> connect_channels(const auth::principal&, std::string_view) const override { return {}; }
    refusal_frame render_refusal(refusal, std::string_view) const override { return {{}, {1008, "not implemented"}}; }
    request parse(std::string_view, std::string_view) const override { return {}; }
    bool render_event(std::string&, const hub::event&, simdjson::dom::element) const override { return false; }
};

}  // namespace

std::unique_ptr<dialect> make_rooms_dialect(const core::config&) { return std::make_unique<rooms_dialect>(); }

}  // namespace ordercast::protocol

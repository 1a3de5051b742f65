// The canonical protocol as a dialect. The session serves /v1 natively (subscriptions with
// positions, replay, acknowledgements, token refresh are canonical semantics, DESIGN §2), so
// this object supplies only what every dialect must: its limits and its refusals. Its frames
// are rendered by protocol::render_event into rendering slot 0.
#include "protocol/dialect.hpp"
#include "protocol/v1_codec.hpp"

namespace ordercast::protocol {
namespace {

core::error_code code_of(refusal why) noexcept {
    switch (why) {
        case refusal::expired_token: return core::error_code::token_expired;
        case refusal::not_allowed: return core::error_code::insufficient_permissions;
        case refusal::too_many: return core::error_code::connection_limit;
        case refusal::missing_token:
        case refusal::bad_token:
        case refusal::no_subject: return core::error_code::authentication_failed;
    }
    return core::error_code::authentication_failed;
}

class v1_dialect final : public dialect {
public:
    explicit v1_dialect(const core::config& cfg)
        : dialect(dialect_id::v1, dialect_limits{cfg.limits.subscriptions_per_connection, cfg.limits.messages_per_minute,
                                                 cfg.limits.message_burst, cfg.limits.max_message_bytes, 0}) {}

    std::vector<connect_channel> connect_channels(const auth::principal&, std::string_view) const override {
        return {};  // the session joins auto_join's channels itself
    }
    // An `error {code, message}` frame, then 1008 with the code as the reason.
    refusal_frame render_refusal(refusal why, std::string_view detail) const override {
        refusal_frame f;
        const core::error_code code = code_of(why);
        render_error(f.text, code, detail);
        f.close = {1008, std::string(core::to_string(code))};
        return f;
    }
    request parse(std::string_view, std::string_view) const override { return {}; }  // parse_client_frame, in the session
    bool render_event(std::string&, const hub::event&, simdjson::dom::element) const override { return false; }
    bool collapse_duplicates() const noexcept override { return false; }
};

}  // namespace

std::unique_ptr<dialect> make_v1_dialect(const core::config& cfg) { return std::make_unique<v1_dialect>(cfg); }

}  // namespace ordercast::protocol

#pragma once
// The canonical protocol, /v1, as a dialect (see v1_dialect.cpp). Declared here so that a
// dialect that speaks the same protocol under other names (restaurant) shares its decoding,
// its answers and its replay, and overrides only how names and a few frames are spelt.
#include <string>
#include <string_view>
#include <vector>

#include "auth/auto_join.hpp"
#include "core/json_writer.hpp"
#include "protocol/dialect.hpp"

namespace ordercast::protocol {

// The error code that tells a client why its connection was refused (for v1 and the dialects
// built on it).
core::error_code refusal_code(refusal why) noexcept;

class v1_dialect : public dialect {
public:
    explicit v1_dialect(const core::config& cfg) : v1_dialect(dialect_id::v1, cfg, {}) {}

    std::vector<connect_channel> connect_channels(const auth::principal& who,
                                                  std::string_view resource_id) const override;
    void render_connected(reply_sink& out, const session_view& view,
                          const std::vector<std::string>& joined) const override;
    refusal_frame render_refusal(refusal why, std::string_view detail) const override;
    request parse(std::string_view frame, std::string_view resource_id) const override;
    void render_joined(reply_sink& out, const request& asked, const join_outcome& o) const override;
    void render_first_state(reply_sink& out, std::string_view channel,
                            const first_state& state) const override;
    void render_pong(reply_sink& out, const request& asked, std::int64_t now_ms) const override;
    void render_result(reply_sink& out, const request& asked, const command_outcome& o) const override;
    void render_token_refreshed(reply_sink& out, const request& asked, std::int64_t expires_at_ms,
                                const std::vector<std::string>& revoked) const override;
    void render_too_large(reply_sink& out, std::int64_t limit_bytes) const override;
    void render_rate_limited(reply_sink& out, const request& asked, int retry_after_s) const override;
    void render_token_expiring(reply_sink& out, std::int64_t expires_ms, std::int64_t now_ms) const override;
    bool render_event(std::string& out, const hub::event& ev, simdjson::dom::element data) const override;

protected:
    // A dialect of the same protocol: `id`'s rendering slot, /v1's limits (config `limits`),
    // and, when `envelope_version` is not empty, `version` as the last member of every frame
    // this class writes (events carry theirs from the dialect's event table).
    v1_dialect(dialect_id id, const core::config& cfg, std::string_view envelope_version = {});

    // Adds the envelope version to a frame the subclass wrote itself (a JSON object).
    void stamp(std::string& frame) const;

    // Writes a canonical channel name as this dialect's clients spell it (v1: as it is).
    // Every channel a frame names goes through here.
    virtual void write_channel(core::json_writer& w, std::string_view canonical) const;
    // subscription_confirmed's members after channels and failed (v1: positions, and recovered
    // when the client asked to resume).
    virtual void write_join_extras(core::json_writer& w, const join_outcome& o) const;

private:
    void write_channel_lists(core::json_writer& w, const join_outcome& o) const;
    // subscription_confirmed {action: "unsubscribe", channels: those left, failed}.
    void render_left(reply_sink& out, const request& asked, const join_outcome& o) const;
    // message_replay frames embedding the events' own frames of this dialect.
    void render_replay(reply_sink& out, const std::vector<hub::event_ptr>& events,
                       std::string_view from_message_id) const;

    auth::auto_join_rules auto_join_;
    std::string_view version_;  // a literal of the subclass, or empty
};

}  // namespace ordercast::protocol

#pragma once
// The canonical /v1 wire format (docs/protocol.md): parsing client frames into commands and
// rendering server frames. The only place that knows /v1's JSON shapes.
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error_code.hpp"
#include "core/json_writer.hpp"
#include "protocol/message_table.hpp"

namespace ordercast::hub {
struct event;
}

namespace ordercast::protocol {

// A parsed client message. `data` and the views point into the calling thread's parser
// and are valid only until the next parse_client_frame() call on this thread.
struct client_command {
    client_type type{};
    std::string_view message_id;      // empty when absent
    std::string_view correlation_id;  // empty when absent
    std::string_view client_timestamp;
    simdjson::dom::element data;  // an object (empty object when absent)
};

struct parse_outcome {
    enum class status { ok, not_json, invalid, unknown_type } state = status::ok;
    core::error_code code = core::error_code::invalid_message;  // for invalid/unknown_type
    std::string message;                                        // what is wrong, for the client
    std::string_view message_id;  // the frame's messageId when it could be read, so errors can cite it
    client_command command;
};

// Parses one text message. Thread-safe (uses a thread-local parser); see client_command.
parse_outcome parse_client_frame(std::string_view text);

// ---------------------------------------------------------------------------------------
// Rendering. Every function appends one complete JSON message to `out`.
// ---------------------------------------------------------------------------------------

// An event as sent live and inside message_replay.
void render_event(std::string& out, const hub::event& ev);

// Starts `{"type":"<type>","timestamp":"...",` and opens "data":{ ... the caller writes the
// data fields with a json_writer, then calls end_envelope(). correlation_id/message_id are
// echoed when non-empty.
class envelope {
public:
    envelope(std::string& out, std::string_view type, std::string_view correlation_id = {});
    core::json_writer& data() { return writer_; }
    // Closes data and the message.
    void finish();

private:
    std::string& out_;
    core::json_writer writer_;
};

// `error {code, message}` (extra fields may be added by callers through envelope directly).
void render_error(std::string& out, core::error_code code, std::string_view message,
                  std::string_view correlation_id = {});
void render_message_error(std::string& out, std::string_view message_id, core::error_code code,
                          std::string_view message);
void render_message_acknowledged(std::string& out, std::string_view message_id);

}  // namespace ordercast::protocol

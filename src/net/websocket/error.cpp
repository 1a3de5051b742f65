#include "net/websocket/error.hpp"

#include <string>

namespace ordercast::websocket {
namespace {

class category final : public std::error_category {
public:
    const char* name() const noexcept override { return "websocket"; }
    std::string message(int value) const override {
        return std::string(close_reason_for(static_cast<error>(value)));
    }
};

}  // namespace

const std::error_category& websocket_category() noexcept {
    static const category instance;
    return instance;
}

std::error_code make_error_code(error e) noexcept {
    return {static_cast<int>(e), websocket_category()};
}

close_code close_code_for(error e) noexcept {
    switch (e) {
        case error::invalid_utf8_text:
        case error::invalid_utf8_close_reason:
            return close_code::invalid_payload;
        case error::message_too_big:
            return close_code::message_too_big;
        default:
            return close_code::protocol_error;
    }
}

// The strings start with the error's name so that a client log line is
// searchable, then say what to change. Keep each under 123 bytes (a test
// checks): they travel in a close frame.
std::string_view close_reason_for(error e) noexcept {
    switch (e) {
        case error::unmasked_frame:
            return "unmasked_frame: a client must mask every frame (RFC 6455 5.3)";
        case error::reserved_bits_set:
            return "reserved_bits_set: no extension was negotiated; send RSV1-3 as 0";
        case error::reserved_opcode:
            return "reserved_opcode: use only opcodes 0, 1, 2, 8, 9 and 10";
        case error::control_frame_too_big:
            return "control_frame_too_big: keep ping, pong and close payloads within 125 bytes";
        case error::fragmented_control_frame:
            return "fragmented_control_frame: send ping, pong and close with FIN set";
        case error::unexpected_continuation:
            return "unexpected_continuation: start a message with a text or binary frame";
        case error::expected_continuation:
            return "expected_continuation: finish the fragmented message before starting another";
        case error::bad_length_encoding:
            return "bad_length_encoding: encode the payload length in the fewest bytes, top bit 0";
        case error::close_payload_too_short:
            return "close_payload_too_short: a close payload is empty or a 2-byte code plus reason";
        case error::invalid_close_code:
            return "invalid_close_code: use 1000-1003, 1007-1011 or 3000-4999";
        case error::invalid_utf8_text:
            return "invalid_utf8_text: text messages must be valid UTF-8; send other data as binary";
        case error::invalid_utf8_close_reason:
            return "invalid_utf8_close_reason: a close reason must be valid UTF-8";
        case error::message_too_big:
            return "message_too_big: the message exceeds the server's size limit; send smaller messages";
    }
    return "unknown websocket error";
}

}  // namespace ordercast::websocket

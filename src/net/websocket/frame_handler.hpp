#pragma once

#include "net/websocket/close_code.hpp"
#include "net/websocket/error.hpp"

#include <cstddef>
#include <span>
#include <string_view>

namespace ordercast::websocket {

// Receives what frame_parser::feed() decodes, in wire order, on the thread that
// called feed().
//
// Every view passed in is valid only until the callback returns: it points into
// the caller's read buffer (zero-copy path) or into the parser's message
// buffer. Copy what must outlive the call. A callback must not call feed() on
// the parser that invoked it; it may call frame_parser::stop().
class frame_handler {
public:
    // A complete text message, already checked to be valid UTF-8.
    virtual void on_text(std::string_view message) = 0;

    // A complete binary message.
    virtual void on_binary(std::span<const std::byte> message) = 0;

    // A ping; the session owes a pong with the same payload (at most 125 bytes)
    // unless it is closing.
    virtual void on_ping(std::span<const std::byte> payload) = 0;

    // A pong, solicited or not; nothing is owed.
    virtual void on_pong(std::span<const std::byte> payload) = 0;

    // The peer's close frame. `code` is a valid received code (see
    // is_valid_received_close_code), or close_code::no_status when the frame was
    // empty (then `reason` is empty too); `reason` is valid UTF-8. The parser
    // ignores all later input. The session should echo a close frame, with the
    // same code or with no code for no_status, then close the socket.
    virtual void on_close(close_code code, std::string_view reason) = 0;

    // The peer broke the protocol. The session should send a close frame with
    // close_code_for(e) and close_reason_for(e), then close the socket. The
    // parser ignores all later input. Nothing from the offending frame or
    // message was delivered.
    virtual void on_error(error e) = 0;

protected:
    ~frame_handler() = default;
};

}  // namespace ordercast::websocket

#pragma once

#include "net/websocket/detail/mask.hpp"
#include "net/websocket/detail/message_buffer.hpp"
#include "net/websocket/frame_handler.hpp"
#include "net/websocket/opcode.hpp"
#include "net/websocket/utf8_validator.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace ordercast::websocket {

// Incremental parser of the frames a client sends to a server (RFC 6455 5).
// Pure: no I/O, no threads, no locks; one per connection, used by one thread
// at a time.
//
// Bytes may be fed in chunks of any size, split anywhere; the events and
// errors reported are the same for every split. It enforces everything the
// RFC makes a server check at this layer:
//  - frames must be masked, RSV bits zero (no extensions), opcodes known;
//  - control frames unfragmented and at most 125 bytes, and they may arrive
//    between the fragments of a data message;
//  - continuation frames only inside a fragmented message, and no new data
//    message before the open one ends;
//  - payload lengths in minimal encoding;
//  - text messages valid UTF-8, checked as bytes arrive so a bad message is
//    failed before its remaining fragments come in;
//  - close payloads: empty, or a valid code plus a UTF-8 reason;
//  - messages within max_message_size, checked when a frame's length is known.
//
// Memory: sizeof(frame_parser) is at most 64 bytes. A heap buffer exists only
// while a message arrives in pieces (and while a split control frame is
// reassembled); it is freed when that message is delivered, so an idle
// connection holds no buffer. A single unfragmented frame that lies wholly
// inside the fed chunk is delivered straight from the chunk (unmasked in
// place), without copying.
class frame_parser {
public:
    enum class status : std::uint8_t {
        open,    // reading frames
        closed,  // a close frame was delivered, or stop() was called
        failed,  // on_error was delivered
    };

    // Largest limit the parser supports; larger requests are clamped to it.
    static constexpr std::size_t k_max_message_size_limit = 0xFFFF'FF00;

    // `max_message_size`: the largest data message (sum of its fragments) the
    // parser accepts, in bytes; a larger one fails with error::message_too_big.
    explicit frame_parser(std::size_t max_message_size) noexcept;

    frame_parser(const frame_parser&) = delete;
    frame_parser& operator=(const frame_parser&) = delete;
    frame_parser(frame_parser&&) noexcept = default;
    frame_parser& operator=(frame_parser&&) noexcept = default;
    ~frame_parser() = default;

    // Parses `bytes` and reports every complete message, control frame and
    // error to `handler`, in order, before returning. Unmasks payloads IN PLACE:
    // the content of `bytes` is unspecified afterwards. Keeps nothing pointing
    // into `bytes` after it returns, so the caller may reuse the buffer at once.
    // Once the status is closed or failed, input is ignored and the rest of the
    // current chunk is dropped. Returns the status after this chunk.
    status feed(std::span<std::byte> bytes, frame_handler& handler);

    // As feed(), for input the parser must not modify: copies it through a
    // stack buffer first, so large frames lose the zero-copy path. Meant for
    // tests and tools; the session should use feed().
    status feed_copy(std::span<const std::byte> bytes, frame_handler& handler);
    status feed_copy(std::string_view bytes, frame_handler& handler);

    // Makes the parser ignore all further input, including the rest of the chunk
    // being fed (e.g. the session decided to close). Safe to call from inside a
    // handler callback; buffers are freed when feed() returns.
    void stop() noexcept;

    status current_status() const noexcept;

    // Heap bytes held for a message in progress; 0 when idle.
    std::size_t buffered_bytes() const noexcept { return message_.capacity(); }

    std::size_t max_message_size() const noexcept { return max_message_size_; }

private:
    enum class step : std::uint8_t {
        header_first,     // FIN, RSV, opcode
        header_second,    // MASK bit and 7-bit length
        header_length16,  // 16-bit extended length
        header_length64,  // 64-bit extended length
        header_mask,      // 4-byte masking key
        payload,
        closed,
        failed,
    };
    enum class message_kind : std::uint8_t { none, text, binary };

    std::byte* parse_header(std::byte* p, std::byte* end, frame_handler& handler);
    void parse_first_byte(std::uint8_t b, frame_handler& handler);
    void parse_second_byte(std::uint8_t b, frame_handler& handler);
    std::byte* parse_payload(std::byte* p, std::byte* end, frame_handler& handler);
    void on_length_known(frame_handler& handler);
    void on_header_done(frame_handler& handler);
    void buffer_data(std::span<const std::byte> piece, frame_handler& handler);
    void buffer_control(std::span<const std::byte> piece, frame_handler& handler);
    void deliver_message(std::span<const std::byte> message, frame_handler& handler);
    void deliver_control(std::span<const std::byte> payload, frame_handler& handler);
    void deliver_close(std::span<const std::byte> payload, frame_handler& handler);
    void fail(error e, frame_handler& handler);
    bool is_data_frame() const noexcept { return !is_control(frame_opcode_); }

    // Bytes of the current frame's payload not yet consumed; during the header,
    // the extended length being assembled.
    std::uint64_t payload_remaining_ = 0;
    // The message being reassembled, followed by a split control frame's bytes.
    detail::message_buffer message_;
    std::uint32_t max_message_size_;
    detail::mask_key mask_{};
    step step_ = step::header_first;
    opcode frame_opcode_ = opcode::continuation;
    bool frame_fin_ = false;
    // Header bytes still expected in header_length16/64 and header_mask.
    std::uint8_t header_remaining_ = 0;
    // Payload length of the current control frame (at most 125).
    std::uint8_t control_length_ = 0;
    message_kind message_kind_ = message_kind::none;
    utf8_validator utf8_;
};

}  // namespace ordercast::websocket

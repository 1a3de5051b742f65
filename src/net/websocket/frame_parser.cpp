#include "net/websocket/frame_parser.hpp"

#include "net/websocket/detail/header_bits.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

namespace ordercast::websocket {
namespace {

using detail::k_fin_bit;
using detail::k_length_16;
using detail::k_length_64;
using detail::k_length_bits;
using detail::k_mask_bit;
using detail::k_opcode_bits;
using detail::k_rsv_bits;

// Stack buffer feed_copy() moves read-only input through.
constexpr std::size_t k_copy_chunk = 4096;

std::string_view as_text(std::span<const std::byte> bytes) noexcept {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace

// The idle-memory budget of a connection depends on this.
static_assert(sizeof(frame_parser) <= 64);

frame_parser::frame_parser(std::size_t max_message_size) noexcept
    : max_message_size_(static_cast<std::uint32_t>(std::min(max_message_size, k_max_message_size_limit))) {}

frame_parser::status frame_parser::current_status() const noexcept {
    switch (step_) {
        case step::closed:
            return status::closed;
        case step::failed:
            return status::failed;
        default:
            return status::open;
    }
}

void frame_parser::stop() noexcept {
    if (step_ != step::failed) step_ = step::closed;
}

frame_parser::status frame_parser::feed(std::span<std::byte> bytes, frame_handler& handler) {
    std::byte* p = bytes.data();
    std::byte* const end = p + bytes.size();
    while (p != end && step_ < step::closed) {
        p = step_ == step::payload ? parse_payload(p, end, handler) : parse_header(p, end, handler);
    }
    if (step_ >= step::closed) message_.release();
    return current_status();
}

frame_parser::status frame_parser::feed_copy(std::span<const std::byte> bytes, frame_handler& handler) {
    std::array<std::byte, k_copy_chunk> scratch;
    while (!bytes.empty() && step_ < step::closed) {
        const std::size_t n = std::min(bytes.size(), scratch.size());
        std::memcpy(scratch.data(), bytes.data(), n);
        feed(std::span(scratch.data(), n), handler);
        bytes = bytes.subspan(n);
    }
    return current_status();
}

frame_parser::status frame_parser::feed_copy(std::string_view bytes, frame_handler& handler) {
    return feed_copy(std::as_bytes(std::span(bytes.data(), bytes.size())), handler);
}

// ---------------------------------------------------------------------------
// Header: parsed one byte at a time so that a header split anywhere needs no
// buffer, and so that a bad first byte is failed before the rest arrives.

std::byte* frame_parser::parse_header(std::byte* p, std::byte* end, frame_handler& handler) {
    while (p != end && step_ < step::payload) {
        const auto b = std::to_integer<std::uint8_t>(*p++);
        switch (step_) {
            case step::header_first:
                parse_first_byte(b, handler);
                break;
            case step::header_second:
                parse_second_byte(b, handler);
                break;
            case step::header_length16:
                payload_remaining_ = (payload_remaining_ << 8) | b;
                if (--header_remaining_ == 0) {
                    if (payload_remaining_ < k_length_16) {
                        fail(error::bad_length_encoding, handler);
                        return p;
                    }
                    on_length_known(handler);
                }
                break;
            case step::header_length64:
                // RFC 6455 5.2: the most significant bit must be 0.
                if (header_remaining_ == 8 && (b & 0x80) != 0) {
                    fail(error::bad_length_encoding, handler);
                    return p;
                }
                payload_remaining_ = (payload_remaining_ << 8) | b;
                if (--header_remaining_ == 0) {
                    if (payload_remaining_ <= 0xFFFF) {
                        fail(error::bad_length_encoding, handler);
                        return p;
                    }
                    on_length_known(handler);
                }
                break;
            case step::header_mask:
                mask_[4 - header_remaining_] = std::byte{b};
                if (--header_remaining_ == 0) on_header_done(handler);
                break;
            default:
                break;
        }
    }
    return p;
}

void frame_parser::parse_first_byte(std::uint8_t b, frame_handler& handler) {
    if ((b & k_rsv_bits) != 0) return fail(error::reserved_bits_set, handler);
    const bool fin = (b & k_fin_bit) != 0;
    const auto op = static_cast<opcode>(b & k_opcode_bits);
    switch (op) {
        case opcode::continuation:
            if (message_kind_ == message_kind::none) return fail(error::unexpected_continuation, handler);
            break;
        case opcode::text:
        case opcode::binary:
            if (message_kind_ != message_kind::none) return fail(error::expected_continuation, handler);
            break;
        case opcode::close:
        case opcode::ping:
        case opcode::pong:
            if (!fin) return fail(error::fragmented_control_frame, handler);
            break;
        default:
            return fail(error::reserved_opcode, handler);
    }
    frame_opcode_ = op;
    frame_fin_ = fin;
    step_ = step::header_second;
}

void frame_parser::parse_second_byte(std::uint8_t b, frame_handler& handler) {
    if ((b & k_mask_bit) == 0) return fail(error::unmasked_frame, handler);
    const std::uint8_t length = b & k_length_bits;
    if (is_control(frame_opcode_) && length > k_max_control_payload)
        return fail(error::control_frame_too_big, handler);
    payload_remaining_ = 0;
    if (length == k_length_16) {
        header_remaining_ = 2;
        step_ = step::header_length16;
    } else if (length == k_length_64) {
        header_remaining_ = 8;
        step_ = step::header_length64;
    } else {
        payload_remaining_ = length;
        on_length_known(handler);
    }
}

// Checked before the masking key and payload arrive, so an oversized message
// is refused without reading (or buffering) any of it.
void frame_parser::on_length_known(frame_handler& handler) {
    if (is_data_frame() && payload_remaining_ > max_message_size_ - message_.size())
        return fail(error::message_too_big, handler);
    header_remaining_ = 4;
    step_ = step::header_mask;
}

void frame_parser::on_header_done(frame_handler& handler) {
    step_ = step::payload;
    if (is_control(frame_opcode_)) {
        control_length_ = static_cast<std::uint8_t>(payload_remaining_);
        if (payload_remaining_ == 0) {
            step_ = step::header_first;
            deliver_control({}, handler);
        }
        return;
    }
    if (frame_opcode_ != opcode::continuation) {
        message_kind_ = frame_opcode_ == opcode::text ? message_kind::text : message_kind::binary;
        utf8_.reset();
    }
    if (payload_remaining_ == 0) {
        step_ = step::header_first;
        if (frame_fin_) deliver_message({message_.data(), message_.size()}, handler);
    }
}

// ---------------------------------------------------------------------------
// Payload

std::byte* frame_parser::parse_payload(std::byte* p, std::byte* end, frame_handler& handler) {
    const auto available = static_cast<std::size_t>(end - p);
    if (is_control(frame_opcode_)) {
        if (payload_remaining_ == control_length_ && available >= control_length_) {
            // Zero-copy: the whole control frame is in this chunk.
            const std::span<std::byte> payload(p, control_length_);
            detail::apply_mask(payload, mask_);
            payload_remaining_ = 0;
            step_ = step::header_first;
            deliver_control(payload, handler);
            return p + payload.size();
        }
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(available, payload_remaining_));
        buffer_control({p, n}, handler);
        return p + n;
    }

    if (frame_fin_ && frame_opcode_ != opcode::continuation && message_.size() == 0 &&
        available >= payload_remaining_) {
        // Zero-copy: a whole unfragmented message in this chunk. Nothing of it
        // was consumed before (that would have been buffered), so the key is at
        // its start.
        const std::span<std::byte> message(p, static_cast<std::size_t>(payload_remaining_));
        detail::apply_mask(message, mask_);
        payload_remaining_ = 0;
        step_ = step::header_first;
        if (message_kind_ == message_kind::text && !utf8_.feed(message)) {
            fail(error::invalid_utf8_text, handler);
        } else {
            deliver_message(message, handler);
        }
        return p + message.size();
    }
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(available, payload_remaining_));
    buffer_data({p, n}, handler);
    return p + n;
}

void frame_parser::buffer_control(std::span<const std::byte> piece, frame_handler& handler) {
    // Kept past the end of the message being reassembled, never committed to
    // it; prepare() returns the same region on every call of this frame.
    const std::span<std::byte> region = message_.prepare(control_length_, control_length_);
    const std::size_t received = control_length_ - payload_remaining_;
    const std::span<std::byte> dst = region.subspan(received, piece.size());
    std::memcpy(dst.data(), piece.data(), piece.size());
    detail::apply_mask(dst, mask_);
    detail::advance_mask(mask_, piece.size());
    payload_remaining_ -= piece.size();
    if (payload_remaining_ != 0) return;
    step_ = step::header_first;
    deliver_control(region, handler);
}

void frame_parser::buffer_data(std::span<const std::byte> piece, frame_handler& handler) {
    // The final frame's end bounds the message; before that only the limit does.
    const std::size_t bound =
        frame_fin_ ? message_.size() + static_cast<std::size_t>(payload_remaining_) : max_message_size_;
    const std::span<std::byte> dst = message_.prepare(piece.size(), bound);
    std::memcpy(dst.data(), piece.data(), piece.size());
    detail::apply_mask(dst, mask_);
    detail::advance_mask(mask_, piece.size());
    payload_remaining_ -= piece.size();
    // Fail fast: reject as soon as the bytes cannot be UTF-8, not at the end.
    if (message_kind_ == message_kind::text && !utf8_.feed(dst))
        return fail(error::invalid_utf8_text, handler);
    message_.commit(piece.size());
    if (payload_remaining_ != 0) return;
    step_ = step::header_first;
    if (frame_fin_) deliver_message({message_.data(), message_.size()}, handler);
}

// ---------------------------------------------------------------------------
// Delivery. State is updated before each callback (which may call stop()) and
// buffers are freed only after it returns (it may be reading them).

void frame_parser::deliver_message(std::span<const std::byte> message, frame_handler& handler) {
    const message_kind kind = message_kind_;
    message_kind_ = message_kind::none;
    if (kind == message_kind::text) {
        if (!utf8_.complete()) return fail(error::invalid_utf8_text, handler);
        handler.on_text(as_text(message));
    } else {
        handler.on_binary(message);
    }
    message_.release();
}

void frame_parser::deliver_control(std::span<const std::byte> payload, frame_handler& handler) {
    switch (frame_opcode_) {
        case opcode::ping:
            handler.on_ping(payload);
            break;
        case opcode::pong:
            handler.on_pong(payload);
            break;
        default:
            deliver_close(payload, handler);
            break;
    }
    if (message_kind_ == message_kind::none) message_.release();
}

void frame_parser::deliver_close(std::span<const std::byte> payload, frame_handler& handler) {
    if (payload.empty()) {
        step_ = step::closed;
        return handler.on_close(close_code::no_status, {});
    }
    if (payload.size() == 1) return fail(error::close_payload_too_short, handler);
    const auto code = static_cast<std::uint16_t>((std::to_integer<unsigned>(payload[0]) << 8) |
                                                 std::to_integer<unsigned>(payload[1]));
    if (!is_valid_received_close_code(code)) return fail(error::invalid_close_code, handler);
    const auto reason = payload.subspan(2);
    if (!is_valid_utf8(reason)) return fail(error::invalid_utf8_close_reason, handler);
    step_ = step::closed;
    handler.on_close(static_cast<close_code>(code), as_text(reason));
}

void frame_parser::fail(error e, frame_handler& handler) {
    step_ = step::failed;
    handler.on_error(e);
}

}  // namespace ordercast::websocket

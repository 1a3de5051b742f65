#include "net/websocket/frame_test_support.hpp"

#include <algorithm>
#include <cstring>
#include <ostream>

namespace ordercast::websocket::testing {

bytes to_bytes(std::string_view s) {
    bytes out(s.size());
    if (!s.empty()) std::memcpy(out.data(), s.data(), s.size());
    return out;
}

std::string to_string(std::span<const std::byte> b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

bytes client_frame(std::uint8_t opcode_bits, std::string_view payload, frame_options options) {
    bytes out;
    out.push_back(std::byte{static_cast<std::uint8_t>((options.fin ? 0x80 : 0) | ((options.rsv & 7) << 4) |
                                                      (opcode_bits & 0x0F))});
    const std::uint8_t mask_bit = options.masked ? 0x80 : 0;
    const std::size_t n = payload.size();
    if (n < 126) {
        out.push_back(std::byte{static_cast<std::uint8_t>(mask_bit | n)});
    } else if (n <= 0xFFFF) {
        out.push_back(std::byte{static_cast<std::uint8_t>(mask_bit | 126)});
        out.push_back(std::byte{static_cast<std::uint8_t>(n >> 8)});
        out.push_back(std::byte{static_cast<std::uint8_t>(n)});
    } else {
        out.push_back(std::byte{static_cast<std::uint8_t>(mask_bit | 127)});
        for (int i = 7; i >= 0; --i)
            out.push_back(std::byte{static_cast<std::uint8_t>(std::uint64_t{n} >> (8 * i))});
    }
    std::byte key[4];
    for (int i = 0; i < 4; ++i) key[i] = std::byte{static_cast<std::uint8_t>(options.key >> (24 - 8 * i))};
    if (options.masked) out.insert(out.end(), key, key + 4);
    for (std::size_t i = 0; i < n; ++i) {
        const auto b = std::byte{static_cast<std::uint8_t>(payload[i])};
        out.push_back(options.masked ? (b ^ key[i % 4]) : b);
    }
    return out;
}

bytes client_frame(opcode op, std::string_view payload, frame_options options) {
    return client_frame(static_cast<std::uint8_t>(op), payload, options);
}

bytes client_close(std::uint16_t code, std::string_view reason) {
    std::string payload;
    payload.push_back(static_cast<char>(code >> 8));
    payload.push_back(static_cast<char>(code & 0xFF));
    payload.append(reason);
    return client_frame(opcode::close, payload);
}

bytes join(std::initializer_list<bytes> parts) {
    bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

std::ostream& operator<<(std::ostream& os, const event& e) {
    static constexpr const char* names[] = {"text", "binary", "ping", "pong", "close", "error"};
    os << names[static_cast<int>(e.what)] << "(";
    if (e.what == event::kind::close || e.what == event::kind::error) os << e.code << ", ";
    if (e.what == event::kind::error) return os << close_reason_for(e.err) << ")";
    if (e.data.size() > 40) return os << e.data.size() << " bytes)";
    return os << '"' << e.data << "\")";
}

event text(std::string_view s) {
    return {event::kind::text, std::string(s), 0, {}};
}
event binary(std::string_view s) {
    return {event::kind::binary, std::string(s), 0, {}};
}
event ping(std::string_view s) {
    return {event::kind::ping, std::string(s), 0, {}};
}
event pong(std::string_view s) {
    return {event::kind::pong, std::string(s), 0, {}};
}
event closed(std::uint16_t code, std::string_view reason) {
    return {event::kind::close, std::string(reason), code, {}};
}
event failed(error e) {
    return {event::kind::error, {}, static_cast<std::uint16_t>(close_code_for(e)), e};
}

void recorder::on_text(std::string_view message) {
    events.push_back(text(message));
}
void recorder::on_binary(std::span<const std::byte> message) {
    events.push_back(binary(to_string(message)));
}
void recorder::on_ping(std::span<const std::byte> payload) {
    events.push_back(ping(to_string(payload)));
}
void recorder::on_pong(std::span<const std::byte> payload) {
    events.push_back(pong(to_string(payload)));
}
void recorder::on_close(close_code code, std::string_view reason) {
    events.push_back(closed(static_cast<std::uint16_t>(code), reason));
}
void recorder::on_error(error e) {
    events.push_back(failed(e));
}

const char* to_string(split s) {
    switch (s) {
        case split::whole:
            return "whole";
        case split::halves:
            return "halves";
        case split::byte_by_byte:
            return "byte_by_byte";
    }
    return "?";
}

std::vector<event> replay_chunked(const bytes& input, std::size_t chunk, std::size_t max_message_size) {
    bytes copy = input;
    frame_parser parser(max_message_size);
    recorder r;
    for (std::size_t at = 0; at < copy.size(); at += chunk) {
        const std::size_t n = std::min(chunk, copy.size() - at);
        parser.feed(std::span(copy.data() + at, n), r);
    }
    return r.events;
}

std::vector<event> replay(const bytes& input, split how, std::size_t max_message_size) {
    switch (how) {
        case split::whole:
            return replay_chunked(input, std::max<std::size_t>(input.size(), 1), max_message_size);
        case split::halves:
            return replay_chunked(input, std::max<std::size_t>((input.size() + 1) / 2, 1), max_message_size);
        case split::byte_by_byte:
            return replay_chunked(input, 1, max_message_size);
    }
    return {};
}

std::size_t bytes_until_done(const bytes& input, std::size_t max_message_size) {
    bytes copy = input;
    frame_parser parser(max_message_size);
    recorder r;
    for (std::size_t i = 0; i < copy.size(); ++i) {
        if (parser.feed(std::span(copy.data() + i, 1), r) != frame_parser::status::open) return i + 1;
    }
    return copy.size() + 1;
}

}  // namespace ordercast::websocket::testing

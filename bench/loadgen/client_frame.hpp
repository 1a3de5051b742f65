#pragma once
// Client side of RFC 6455 framing, just what a load generator needs: masked frames out,
// unmasked server frames in. Kept apart from src/net/websocket (the server side) so the
// benchmark measures the server against an independent implementation.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace ordercast::bench {

enum class ws_opcode : std::uint8_t {
    continuation = 0x0,
    text = 0x1,
    binary = 0x2,
    close = 0x8,
    ping = 0x9,
    pong = 0xA,
};

// Appends one final, masked client frame carrying `payload` to `out`. The server must reject
// unmasked client frames (RFC 6455 5.1), so every frame this harness sends goes through here.
void append_client_frame(std::string& out, ws_opcode op, std::string_view payload, std::uint32_t mask_key);

// Appends an HTTP/1.1 upgrade request for `target` (path and query). The key is fixed: the
// harness checks the 101 status, not Sec-WebSocket-Accept, since it trusts its loopback peer.
void append_upgrade_request(std::string& out, std::string_view host, std::uint16_t port,
                            std::string_view target);

// A cheap mask key source (xorshift). Masking exists against cache poisoning by hostile
// scripts, which a loopback benchmark does not face; unpredictability is not needed here.
class mask_source {
public:
    explicit mask_source(std::uint32_t seed) noexcept : state_(seed == 0 ? 0x9e3779b9u : seed) {}
    std::uint32_t next() noexcept {
        state_ ^= state_ << 13;
        state_ ^= state_ >> 17;
        state_ ^= state_ << 5;
        return state_;
    }

private:
    std::uint32_t state_;
};

// Incremental parser of server-to-client frames. Complete messages (text/binary, reassembled
// when fragmented) and control frames are handed to `on_frame(ws_opcode, std::string_view)`;
// fragments are never reported. Bytes of an incomplete frame are kept until more arrive, so
// an idle connection whose last read ended on a frame boundary holds no buffer.
//
// Contract: views passed to `on_frame` are valid only during the call; `on_frame` must not
// call `feed` on the same reader. `feed` returns false on a protocol error (a masked server
// frame, a reserved opcode, a continuation without a start); the reader is then unusable.
class frame_reader {
public:
    template <class OnFrame>
    bool feed(std::string_view data, OnFrame&& on_frame);

    // Bytes held for an unfinished frame or message; 0 on an idle, in-sync connection.
    std::size_t buffered() const noexcept { return pending_.size() + fragments_.size(); }

private:
    // Parses whole frames from the front of `data`; returns bytes consumed, or npos on error.
    template <class OnFrame>
    std::size_t parse(std::string_view data, OnFrame& on_frame);

    std::string pending_;    // an incomplete frame, header included
    std::string fragments_;  // payload of a fragmented message so far
    ws_opcode fragment_op_ = ws_opcode::continuation;
    bool in_fragments_ = false;
};

// ---------------------------------------------------------------------------------------------
// Implementation (inline: this is the load generator's per-delivery path)

template <class OnFrame>
bool frame_reader::feed(std::string_view data, OnFrame&& on_frame) {
    if (pending_.empty()) {
        std::size_t used = parse(data, on_frame);
        if (used == std::string_view::npos) return false;
        if (used < data.size()) pending_.assign(data.substr(used));
        return true;
    }
    pending_.append(data);
    std::size_t used = parse(std::string_view(pending_), on_frame);
    if (used == std::string_view::npos) return false;
    pending_.erase(0, used);
    if (pending_.empty()) pending_.shrink_to_fit();
    return true;
}

template <class OnFrame>
std::size_t frame_reader::parse(std::string_view data, OnFrame& on_frame) {
    std::size_t pos = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    while (data.size() - pos >= 2) {
        const unsigned b0 = p[pos];
        const unsigned b1 = p[pos + 1];
        if ((b1 & 0x80u) != 0 || (b0 & 0x70u) != 0) return std::string_view::npos;  // masked or RSV
        const bool fin = (b0 & 0x80u) != 0;
        const auto op = static_cast<ws_opcode>(b0 & 0x0fu);
        std::uint64_t len = b1 & 0x7fu;
        std::size_t header = 2;
        if (len == 126) {
            if (data.size() - pos < 4) break;
            len = (std::uint64_t{p[pos + 2]} << 8) | p[pos + 3];
            header = 4;
        } else if (len == 127) {
            if (data.size() - pos < 10) break;
            len = 0;
            for (int i = 0; i < 8; ++i) len = (len << 8) | p[pos + 2 + i];
            header = 10;
        }
        if (data.size() - pos - header < len) break;
        std::string_view payload = data.substr(pos + header, static_cast<std::size_t>(len));
        pos += header + static_cast<std::size_t>(len);
        switch (op) {
            case ws_opcode::text:
            case ws_opcode::binary:
                if (in_fragments_) return std::string_view::npos;
                if (fin) {
                    on_frame(op, payload);
                } else {
                    in_fragments_ = true;
                    fragment_op_ = op;
                    fragments_.assign(payload);
                }
                break;
            case ws_opcode::continuation:
                if (!in_fragments_) return std::string_view::npos;
                fragments_.append(payload);
                if (fin) {
                    in_fragments_ = false;
                    on_frame(fragment_op_, std::string_view(fragments_));
                    fragments_.clear();
                    fragments_.shrink_to_fit();
                }
                break;
            case ws_opcode::close:
            case ws_opcode::ping:
            case ws_opcode::pong:
                if (!fin || len > 125) return std::string_view::npos;
                on_frame(op, payload);
                break;
            default:
                return std::string_view::npos;
        }
    }
    return pos;
}

}  // namespace ordercast::bench

// Fuzzes websocket::frame_parser, the server's first contact with client bytes.
//
// Input layout: byte 0 picks the message-size limit and the input mode, byte 1
// seeds the chunking; the rest is either raw wire bytes, or (structured mode)
// frame descriptions turned into correctly masked frames so that the fuzzer
// spends its time past the header checks.
//
// Checked for every input:
//  - no crash, leak or undefined behaviour (ASan + UBSan);
//  - feeding whole, in random chunks, and via feed_copy() gives identical events;
//  - every text message and close reason is valid UTF-8 (by an independent
//    decoder), every data message is within the limit, every control payload
//    within 125 bytes, every close code one a client may send;
//  - nothing follows a close or an error, and the parser then holds no buffer.

#include "net/websocket/frame_parser.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace ordercast::websocket;

constexpr std::size_t k_limits[] = {0, 1, 125, 126, 1000, 65536, 1 << 20, 16};

struct event {
    int kind;  // 0 text, 1 binary, 2 ping, 3 pong, 4 close, 5 error
    int code;
    std::string data;
    bool operator==(const event&) const = default;
};

class recorder final : public frame_handler {
public:
    void on_text(std::string_view m) override { add(0, 0, m); }
    void on_binary(std::span<const std::byte> m) override { add(1, 0, as_view(m)); }
    void on_ping(std::span<const std::byte> p) override { add(2, 0, as_view(p)); }
    void on_pong(std::span<const std::byte> p) override { add(3, 0, as_view(p)); }
    void on_close(close_code c, std::string_view r) override { add(4, static_cast<int>(c), r); }
    void on_error(error e) override { add(5, static_cast<int>(e), {}); }

    std::vector<event> events;

private:
    static std::string_view as_view(std::span<const std::byte> b) {
        return {reinterpret_cast<const char*>(b.data()), b.size()};
    }
    void add(int kind, int code, std::string_view data) { events.push_back({kind, code, std::string(data)}); }
};

void check(bool condition) {
    if (!condition) std::abort();
}

// Independent of utf8_validator: decode by bit patterns, check the code point.
bool reference_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        const unsigned b = p[i];
        std::size_t len;
        std::uint32_t cp;
        if (b < 0x80) {
            ++i;
            continue;
        }
        if ((b & 0xE0) == 0xC0) {
            len = 2;
            cp = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
            len = 3;
            cp = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0) {
            len = 4;
            cp = b & 0x07;
        } else
            return false;
        if (n - i < len) return false;
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        static constexpr std::uint32_t k_min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < k_min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

// Structured mode: [first header byte][length 0-255][4-byte key][payload]...
// turned into a masked client frame with a minimal length encoding.
std::vector<std::byte> build_frames(const std::uint8_t* data, std::size_t size) {
    std::vector<std::byte> out;
    std::size_t i = 0;
    while (i + 2 <= size) {
        const std::uint8_t first = data[i++];
        std::size_t length = data[i++];
        std::uint8_t key[4] = {0, 0, 0, 0};
        for (int k = 0; k < 4 && i < size; ++k) key[k] = data[i++];
        length = std::min(length, size - i);
        out.push_back(std::byte{first});
        if (length < 126) {
            out.push_back(std::byte{static_cast<std::uint8_t>(0x80 | length)});
        } else {
            out.push_back(std::byte{0x80 | 126});
            out.push_back(std::byte{static_cast<std::uint8_t>(length >> 8)});
            out.push_back(std::byte{static_cast<std::uint8_t>(length)});
        }
        for (int k = 0; k < 4; ++k) out.push_back(std::byte{key[k]});
        for (std::size_t k = 0; k < length; ++k)
            out.push_back(std::byte{static_cast<std::uint8_t>(data[i + k] ^ key[k % 4])});
        i += length;
    }
    return out;
}

std::vector<event> run_chunked(std::vector<std::byte> input, std::size_t limit, std::uint32_t seed) {
    frame_parser parser(limit);
    recorder r;
    std::size_t at = 0;
    while (at < input.size()) {
        seed = seed * 1103515245u + 12345u;
        // Mostly small chunks, sometimes large ones.
        const std::size_t want = (seed >> 16) % 8 == 0 ? (seed >> 8) % 4096 + 1 : (seed >> 16) % 17 + 1;
        const std::size_t n = std::min(want, input.size() - at);
        parser.feed(std::span(input.data() + at, n), r);
        at += n;
    }
    if (parser.current_status() != frame_parser::status::open) check(parser.buffered_bytes() == 0);
    return r.events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t limit = k_limits[data[0] & 7];
    const bool structured = (data[0] & 8) != 0;
    const std::uint32_t seed = data[1];
    data += 2;
    size -= 2;

    std::vector<std::byte> input;
    if (structured) {
        input = build_frames(data, size);
    } else {
        input.resize(size);
        if (size != 0) std::memcpy(input.data(), data, size);
    }

    // Whole.
    std::vector<std::byte> whole_copy = input;
    frame_parser parser(limit);
    recorder whole;
    const auto status = parser.feed(whole_copy, whole);
    if (status != frame_parser::status::open) check(parser.buffered_bytes() == 0);

    // Invariants on what was delivered.
    for (std::size_t i = 0; i < whole.events.size(); ++i) {
        const event& e = whole.events[i];
        const bool last = i + 1 == whole.events.size();
        switch (e.kind) {
            case 0:
                check(reference_utf8(e.data));
                [[fallthrough]];
            case 1:
                check(e.data.size() <= limit);
                break;
            case 2:
            case 3:
                check(e.data.size() <= k_max_control_payload);
                break;
            case 4:
                check(last);
                check(e.code == static_cast<int>(close_code::no_status) ||
                      is_valid_received_close_code(static_cast<std::uint16_t>(e.code)));
                check(e.data.size() <= k_max_close_reason && reference_utf8(e.data));
                break;
            case 5:
                check(last);
                check(close_reason_for(static_cast<error>(e.code)).size() <= k_max_close_reason);
                break;
            default:
                check(false);
        }
    }
    check((status == frame_parser::status::closed) ==
          (!whole.events.empty() && whole.events.back().kind == 4));
    check((status == frame_parser::status::failed) ==
          (!whole.events.empty() && whole.events.back().kind == 5));

    // Any chunking, and the copying entry point, must see exactly the same.
    check(run_chunked(input, limit, seed) == whole.events);
    frame_parser copying(limit);
    recorder copied;
    copying.feed_copy(input, copied);
    check(copied.events == whole.events);
    return 0;
}

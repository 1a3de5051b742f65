#include "bench/loadgen/client_frame.hpp"

namespace ordercast::bench {

void append_client_frame(std::string& out, ws_opcode op, std::string_view payload, std::uint32_t mask_key) {
    const std::size_t len = payload.size();
    out.push_back(static_cast<char>(0x80u | static_cast<unsigned>(op)));
    if (len < 126) {
        out.push_back(static_cast<char>(0x80u | len));
    } else if (len <= 0xffff) {
        out.push_back(static_cast<char>(0x80u | 126u));
        out.push_back(static_cast<char>((len >> 8) & 0xffu));
        out.push_back(static_cast<char>(len & 0xffu));
    } else {
        out.push_back(static_cast<char>(0x80u | 127u));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.push_back(static_cast<char>((static_cast<std::uint64_t>(len) >> shift) & 0xffu));
    }
    const unsigned char key[4] = {
        static_cast<unsigned char>(mask_key >> 24), static_cast<unsigned char>(mask_key >> 16),
        static_cast<unsigned char>(mask_key >> 8), static_cast<unsigned char>(mask_key)};
    out.append(reinterpret_cast<const char*>(key), 4);
    const std::size_t start = out.size();
    out.append(payload);
    for (std::size_t i = 0; i < len; ++i) out[start + i] = static_cast<char>(out[start + i] ^ key[i & 3]);
}

void append_upgrade_request(std::string& out, std::string_view host, std::uint16_t port,
                            std::string_view target) {
    out.append("GET ").append(target).append(" HTTP/1.1\r\nHost: ").append(host).push_back(':');
    out.append(std::to_string(port))
        .append(
            "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
}

}  // namespace ordercast::bench

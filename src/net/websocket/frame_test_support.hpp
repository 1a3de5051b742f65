#pragma once

// Test-only helpers shared by the websocket unit tests: build client frames,
// record parser events, replay input under different chunkings.

#include "net/websocket/frame_handler.hpp"
#include "net/websocket/frame_parser.hpp"

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ordercast::websocket::testing {

using bytes = std::vector<std::byte>;

bytes to_bytes(std::string_view s);
std::string to_string(std::span<const std::byte> b);

// Knobs for frames a broken or adversarial client may send.
struct frame_options {
    bool fin = true;
    std::uint8_t rsv = 0;  // 0-7, placed in bits 6-4 of the first byte
    bool masked = true;
    std::uint32_t key = 0x37fa213d;
};

// One client frame. `opcode_bits` is the raw 4-bit opcode, so reserved ones
// can be sent. Uses the minimal length encoding.
bytes client_frame(std::uint8_t opcode_bits, std::string_view payload, frame_options options = {});
bytes client_frame(opcode op, std::string_view payload, frame_options options = {});

// A close frame with a 2-byte code and a reason.
bytes client_close(std::uint16_t code, std::string_view reason = {});

// Concatenation.
bytes join(std::initializer_list<bytes> parts);

struct event {
    enum class kind { text, binary, ping, pong, close, error };
    kind what;
    std::string data;    // message, payload or close reason
    std::uint16_t code;  // close code received, or close code to send on error
    error err;           // for kind::error

    friend bool operator==(const event&, const event&) = default;
};
std::ostream& operator<<(std::ostream& os, const event& e);

event text(std::string_view s);
event binary(std::string_view s);
event ping(std::string_view s);
event pong(std::string_view s);
event closed(std::uint16_t code, std::string_view reason = {});
event failed(error e);

// Records every callback; remembers how many input bytes had been fed when the
// first error or close arrived (set by the replay helpers).
class recorder : public frame_handler {
public:
    void on_text(std::string_view message) override;
    void on_binary(std::span<const std::byte> message) override;
    void on_ping(std::span<const std::byte> payload) override;
    void on_pong(std::span<const std::byte> payload) override;
    void on_close(close_code code, std::string_view reason) override;
    void on_error(error e) override;

    std::vector<event> events;
};

enum class split { whole, halves, byte_by_byte };
const char* to_string(split s);

inline constexpr std::size_t k_test_message_limit = 16 * 1024 * 1024;

// Feeds a private copy of `input` with the given chunking and returns the events.
std::vector<event> replay(const bytes& input, split how, std::size_t max_message_size = k_test_message_limit);

// Feeds a private copy of `input` in chunks of `chunk` bytes.
std::vector<event> replay_chunked(const bytes& input, std::size_t chunk,
                                  std::size_t max_message_size = k_test_message_limit);

// Feeds a private copy of `input` one byte at a time and returns how many bytes
// had been fed when the parser stopped being open (input.size() + 1 if never).
std::size_t bytes_until_done(const bytes& input, std::size_t max_message_size = k_test_message_limit);

}  // namespace ordercast::websocket::testing

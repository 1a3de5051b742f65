#include "hub/event.hpp"

#include <charconv>
#include <limits>

namespace ordercast::hub {

namespace {

// Rough size of a shared_ptr control block allocated together with its object by make_shared.
constexpr std::size_t k_control_block_bytes = 16;

// Heap bytes a string owns: zero while its text lives in the small-string buffer inside the object.
std::size_t heap_bytes(const std::string& s) noexcept {
    const auto* begin = reinterpret_cast<const char*>(&s);
    const auto* end = begin + sizeof(std::string);
    const bool inline_buffer = s.data() >= begin && s.data() < end;
    return inline_buffer ? 0 : s.capacity() + 1;
}

}  // namespace

std::size_t event::memory_bytes() const {
    std::size_t total = sizeof(event) + k_control_block_bytes + heap_bytes(channel) + heap_bytes(type) +
                        heap_bytes(data) + heap_bytes(message_id) + heap_bytes(epoch) +
                        renderings.capacity() * sizeof(rendered_frame);
    for (const auto& rendering : renderings) {
        if (rendering) {
            total += sizeof(std::string) + k_control_block_bytes + heap_bytes(*rendering.bytes);
        }
    }
    return total;
}

void format_message_id(std::string& out, std::string_view epoch, std::uint64_t global_id) {
    char digits[std::numeric_limits<std::uint64_t>::digits10 + 1];
    const auto [end, ec] = std::to_chars(std::begin(digits), std::end(digits), global_id);
    (void)ec;  // cannot fail: the buffer holds every uint64_t
    out.clear();
    out.reserve(epoch.size() + 1 + static_cast<std::size_t>(end - digits));
    out.append(epoch);
    out.push_back('-');
    out.append(digits, end);
}

std::optional<message_ref> parse_message_id(std::string_view text) noexcept {
    const auto dash = text.rfind('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 == text.size()) {
        return std::nullopt;
    }
    message_ref ref;
    ref.epoch = text.substr(0, dash);
    const char* first = text.data() + dash + 1;
    const char* last = text.data() + text.size();
    const auto [end, ec] = std::from_chars(first, last, ref.global_id);
    if (ec != std::errc{} || end != last) {
        return std::nullopt;
    }
    return ref;
}

}  // namespace ordercast::hub

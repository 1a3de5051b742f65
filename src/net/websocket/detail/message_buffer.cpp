#include "net/websocket/detail/message_buffer.hpp"

#include <algorithm>
#include <cstring>

namespace ordercast::websocket::detail {
namespace {

// First allocation: enough for a typical JSON command without regrowth.
constexpr std::size_t k_min_capacity = 256;

}  // namespace

std::span<std::byte> message_buffer::prepare(std::size_t extra, std::size_t soft_limit) {
    const std::size_t needed = std::size_t{size_} + extra;
    if (needed > capacity_) {
        const std::size_t doubled = std::max<std::size_t>(k_min_capacity, std::size_t{capacity_} * 2);
        const std::size_t capped = std::min(doubled, std::max(soft_limit, needed));
        const std::size_t new_capacity = std::max(needed, capped);
        auto grown = std::make_unique_for_overwrite<std::byte[]>(new_capacity);
        if (size_ != 0) std::memcpy(grown.get(), data_.get(), size_);
        data_ = std::move(grown);
        capacity_ = static_cast<std::uint32_t>(new_capacity);
    }
    return {data_.get() + size_, extra};
}

}  // namespace ordercast::websocket::detail

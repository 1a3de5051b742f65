#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace ordercast::websocket::detail {

// The parser's only heap memory: holds a message that arrives in pieces, and
// the payload of a control frame split across reads. 16 bytes while empty and
// nothing allocated; callers release() it as soon as the message is delivered
// so that an idle connection owns no buffer.
//
// Sizes are 32-bit because the parser caps messages at 4 GiB - 1 anyway.
class message_buffer {
public:
    std::size_t size() const noexcept { return size_; }
    std::size_t capacity() const noexcept { return capacity_; }
    std::byte* data() noexcept { return data_.get(); }

    // Makes room for `extra` bytes after size() and returns them (uninitialised);
    // size() does not change until commit(). Grows geometrically but never past
    // max(size() + extra, `soft_limit`), so a peer declaring a huge length but
    // sending little makes the buffer grow only as bytes actually arrive.
    // Precondition: size() + extra fits in 32 bits.
    std::span<std::byte> prepare(std::size_t extra, std::size_t soft_limit);

    // Appends `count` bytes previously written into prepare()'s span.
    void commit(std::size_t count) noexcept { size_ += static_cast<std::uint32_t>(count); }

    // Forgets the content and frees the memory.
    void release() noexcept {
        data_.reset();
        size_ = 0;
        capacity_ = 0;
    }

private:
    std::unique_ptr<std::byte[]> data_;
    std::uint32_t size_ = 0;
    std::uint32_t capacity_ = 0;
};

}  // namespace ordercast::websocket::detail

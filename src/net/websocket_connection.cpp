#include "net/websocket_connection.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <cerrno>
#include <system_error>

#include "auth/role.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "net/websocket/frame_writer.hpp"
#include "net/worker.hpp"
#include "protocol/v1_codec.hpp"
#include "session/connection_registry.hpp"

namespace ordercast::net {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

constexpr std::size_t k_read_buffer_size = 64 * 1024;
constexpr std::size_t k_max_iovecs = 64;  // what one writev takes on Linux via Asio
constexpr int k_reads_per_turn = 4;       // fairness: then yield to other connections
constexpr std::int64_t k_close_grace_ms = 5000;

// Shared by every plain connection of this thread: they read one at a time.
char* thread_read_buffer() {
    thread_local std::unique_ptr<char[]> buffer(new char[k_read_buffer_size]);
    return buffer.get();
}

// Unique per process: the worker in the top byte, a per-thread counter below.
std::uint64_t next_connection_number(hub::worker_id w) {
    thread_local std::uint64_t counter = 0;
    return (std::uint64_t{w} << 56) | ++counter;
}

// A plain socket leaves Asio here: its descriptor is taken over by the connection and the
// worker's readiness_poller. Returns -1 when the socket is already closed.
int take_descriptor(plain_stream& s) {
    error_code ec;
    int fd = s.release(ec);
    return ec ? -1 : fd;
}
tls_stream&& take_descriptor(tls_stream& s) {
    return std::move(s);
}

bool would_block(int e) {
    return e == EAGAIN || e == EWOULDBLOCK;
}

}  // namespace

template <class Stream>
websocket_connection<Stream>::websocket_connection(Stream stream, worker& owner,
                                                   session::session_context& ctx,
                                                   const protocol::dialect& dialect)
    : stream_(take_descriptor(stream)),
      owner_(owner),
      ctx_(ctx),
      parser_(static_cast<std::size_t>(dialect.limits().max_message_bytes)) {}

template <class Stream>
websocket_connection<Stream>::~websocket_connection() {
    if (!terminated_) owner_.remove(this);
    if (session_) {
        session_->stop();
        ctx_.registry.release(std::string(counted_user()), session_->principal().site,
                              auth::to_string(session_->principal().role));
        core::global_metrics().connections_closed.fetch_add(1, std::memory_order_relaxed);
        core::global_metrics().connections_current.fetch_sub(1, std::memory_order_relaxed);
    }
}

// ---------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------

template <class Stream>
void websocket_connection<Stream>::start(upgrade_outcome outcome) {
    const std::int64_t now = core::unix_ms();
    last_activity_ms_ = last_ping_ms_ = core::mono_ms();
    owner_.add(this);
    if constexpr (k_tls) {
        error_code ec;
        stream_.next_layer().non_blocking(true, ec);
        stream_.next_layer().set_option(asio::ip::tcp::no_delay(true), ec);
    } else {
        io_.keep_alive = this->shared_from_this();
        try {
            if (!stream_.is_open() || !stream_.make_nonblocking_nodelay())
                throw std::system_error(errno, std::generic_category(), "socket setup");
            owner_.poller().add(stream_.fd(), *this);
        } catch (const std::system_error& e) {
            spdlog::warn("websocket: dropping a connection at its start: {}", e.what());
            terminate();
            return;
        }
    }
    in_read_ = true;  // batch everything start() queues into one write
    enqueue_owned(std::move(outcome.response));
    if (outcome.principal) {
        anonymous_ = outcome.anonymous;
        std::string refused =
            ctx_.registry.try_acquire(anonymous_ ? std::string() : outcome.principal->user_id,
                                      outcome.principal->site, auth::to_string(outcome.principal->role));
        if (!refused.empty()) {
            refuse(*outcome.dialect, protocol::refusal::too_many, refused);
        } else {
            core::global_metrics().connections_opened.fetch_add(1, std::memory_order_relaxed);
            core::global_metrics().connections_current.fetch_add(1, std::memory_order_relaxed);
            session_.emplace(ctx_, owner_.id(), *this, std::move(*outcome.principal),
                             next_connection_number(owner_.id()), *outcome.dialect,
                             std::move(outcome.resource_id), outcome.anonymous);
            session_->start(now);
        }
    } else {
        core::global_metrics().auth_failures.fetch_add(1, std::memory_order_relaxed);
        refuse(*outcome.dialect, outcome.refused, outcome.refusal_message);
    }
    in_read_ = false;
    if (!outcome.leftover.empty())
        feed(outcome.leftover.data(), outcome.leftover.size());
    else
        flush();
    if (!terminated_) read();
}

template <class Stream>
void websocket_connection<Stream>::refuse(const protocol::dialect& dialect, protocol::refusal why,
                                          std::string_view detail) {
    protocol::refusal_frame f = dialect.render_refusal(why, detail);
    if (!f.text.empty()) send_text(f.text);
    close(f.close.code != 0 ? f.close.code : 1008, f.close.reason);
}

template <class Stream>
std::string_view websocket_connection<Stream>::counted_user() const {
    return anonymous_ ? std::string_view() : std::string_view(session_->principal().user_id);
}

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

template <class Stream>
void websocket_connection<Stream>::read() {
    // Reading goes on after the parser stopped (a close or a protocol error): the bytes are
    // discarded until the peer closes, so the socket is never closed with unread input, which
    // would make the kernel reset the connection before the peer reads our close frame.
    if (terminated_) return;
    if (queued_bytes_ > read_resume_bytes()) {
        // The client does not read what it asked for: stop reading its requests until it does.
        read_paused_ = true;
        return;
    }
    if constexpr (k_tls) {
        if (!io_.read_buffer) io_.read_buffer.reset(new char[k_read_buffer_size / 4]);
        stream_.async_read_some(
            asio::buffer(io_.read_buffer.get(), k_read_buffer_size / 4),
            [self = this->shared_from_this()](error_code ec, std::size_t n) { self->on_read(ec, n); });
    } else if (readable_) {
        // The poller told of this input once (edge-triggered): go on reading on the next turn,
        // after the other connections had theirs.
        asio::post(owner_.io(), [self = this->shared_from_this()] { self->read_plain(); });
    }
}

template <class Stream>
void websocket_connection<Stream>::on_ready(std::uint32_t events) {
    if constexpr (!k_tls) {
        if (terminated_) return;
        if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) && writing_) {
            writing_ = false;
            write_plain();
            if (terminated_) return;
        }
        if (events & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)) {
            readable_ = true;
            if (!read_paused_) read_plain();
        }
    }
}

template <class Stream>
void websocket_connection<Stream>::read_plain() {
    if constexpr (!k_tls) {
        if (terminated_ || read_paused_ || !readable_) return;
        char* buffer = thread_read_buffer();
        for (int i = 0; i < k_reads_per_turn; ++i) {
            const ssize_t n = stream_.read_some(buffer, k_read_buffer_size);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && would_block(errno)) {
                readable_ = false;
                return;
            }
            if (n <= 0) {  // end of stream or reset: the peer is gone
                terminate();
                return;
            }
            feed(buffer, static_cast<std::size_t>(n));
            if (terminated_) return;
            if (queued_bytes_ > read_resume_bytes()) {
                read_paused_ = true;  // see read(): resumed by after_write()
                return;
            }
        }
        // A turn's share is read and more may be waiting (unless backpressure paused us).
        read();
    }
}

template <class Stream>
void websocket_connection<Stream>::on_read(error_code ec, std::size_t n) {
    if (terminated_) return;
    if (ec) {
        terminate();
        return;
    }
    if constexpr (k_tls) feed(io_.read_buffer.get(), n);
    read();
}

template <class Stream>
void websocket_connection<Stream>::feed(char* data, std::size_t n) {
    last_activity_ms_ = core::mono_ms();
    owner_.metrics().bytes_in.add(n);
    in_read_ = true;
    parser_.feed(std::span<std::byte>(reinterpret_cast<std::byte*>(data), n), *this);
    in_read_ = false;
    flush();
}

template <class Stream>
void websocket_connection<Stream>::on_text(std::string_view message) {
    if (closing_ || !session_) return;
    session_->on_text(message, core::unix_ms());
}

template <class Stream>
void websocket_connection<Stream>::on_binary(std::span<const std::byte>) {
    close(1003, "binary messages are not supported; send JSON text");
}

template <class Stream>
void websocket_connection<Stream>::on_ping(std::span<const std::byte> payload) {
    if (closing_) return;
    enqueue_control(websocket::make_pong_frame(payload).as_string_view(), false);
}

template <class Stream>
void websocket_connection<Stream>::on_pong(std::span<const std::byte>) {}

template <class Stream>
void websocket_connection<Stream>::on_close(websocket::close_code code, std::string_view) {
    peer_closed_ = true;
    if (close_sent_) {
        terminate();
        return;
    }
    if (!closing_) {
        // Echo the peer's code (RFC 6455 5.5.1), then end the connection once it is written.
        closing_ = true;
        if (session_) session_->stop();
        auto frame = code == websocket::close_code::no_status
                         ? websocket::make_close_frame(websocket::close_code::normal)
                         : websocket::make_close_frame(code);
        if (code == websocket::close_code::no_status) {
            // An empty close is answered with an empty close.
            static constexpr char k_empty_close[] = {'\x88', '\x00'};
            enqueue_control(std::string_view(k_empty_close, 2), true);
        } else {
            enqueue_control(frame.as_string_view(), true);
        }
        close_deadline_ms_ = core::mono_ms() + k_close_grace_ms;
    }
    finish_close_if_done();
}

template <class Stream>
void websocket_connection<Stream>::on_error(websocket::error e) {
    if (e == websocket::error::message_too_big && session_ && !closing_) session_->on_too_large();
    close(static_cast<std::uint16_t>(websocket::close_code_for(e)), websocket::close_reason_for(e));
}

// ---------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------

template <class Stream>
void websocket_connection<Stream>::send_shared(const std::shared_ptr<const std::string>& frame,
                                               std::int64_t published_ns) {
    if (closing_ || terminated_ || !admit(frame->size())) return;
    push({frame, published_ns});
}

template <class Stream>
bool websocket_connection<Stream>::admit(std::size_t size) {
    const auto& limits = ctx_.config.limits;
    if (queue_.size() - queue_head_ < static_cast<std::size_t>(limits.outbound_queue_messages) &&
        queued_bytes_ + size <= static_cast<std::size_t>(limits.outbound_queue_bytes))
        return true;
    // A slow reader: drop what it has not started to receive and close it. Nobody else waits
    // for it and its queue never grows past the limit. Frames already handed to the kernel
    // (or to a TLS write in flight) stay, so the close frame follows whole frames.
    auto& m = core::global_metrics();
    m.slow_consumer_closes.fetch_add(1, std::memory_order_relaxed);
    std::size_t keep = queue_head_ + (head_offset_ > 0 ? 1 : 0);
    if constexpr (k_tls)
        if (writing_) keep = std::max(keep, io_.inflight_end);
    m.dropped.fetch_add(queue_.size() - keep + 1, std::memory_order_relaxed);
    for (std::size_t i = keep; i < queue_.size(); ++i) queued_bytes_ -= queue_[i].bytes->size();
    queue_.resize(keep);
    close(1013, "slow consumer: too many unread messages");
    return false;
}

template <class Stream>
void websocket_connection<Stream>::push(queued_frame f) {
    if (queue_.capacity() == 0) queue_ = owner_.queue_pool().take();
    queued_bytes_ += f.bytes->size();
    queue_.push_back(std::move(f));
    request_flush();
}

template <class Stream>
void websocket_connection<Stream>::send_text(std::string_view json) {
    if (closing_ || terminated_) return;
    std::string frame;
    websocket::append_frame(frame, websocket::opcode::text, json);
    if (!admit(frame.size())) return;
    enqueue_owned(std::move(frame));
}

template <class Stream>
void websocket_connection<Stream>::enqueue_owned(std::string bytes) {
    push({std::make_shared<const std::string>(std::move(bytes)), 0});
}

template <class Stream>
void websocket_connection<Stream>::enqueue_control(std::string_view bytes, bool is_close) {
    if (terminated_) return;
    // Pongs and pings count against the queue limit (a ping flood must not grow memory);
    // the close frame always gets through.
    if (!is_close && !admit(bytes.size())) return;
    enqueue_owned(std::string(bytes));
}

template <class Stream>
void websocket_connection<Stream>::request_flush() {
    if (!in_read_) owner_.mark_dirty(this);
}

template <class Stream>
void websocket_connection<Stream>::flush() {
    if (writing_ || terminated_) return;
    if constexpr (k_tls)
        write_tls();
    else
        write_plain();
}

template <class Stream>
void websocket_connection<Stream>::write_plain() {
    if constexpr (!k_tls) {
        while (queue_head_ < queue_.size()) {
            std::array<iovec, k_max_iovecs> buffers;
            std::size_t count = 0;
            for (std::size_t i = queue_head_; i < queue_.size() && count < k_max_iovecs; ++i, ++count) {
                const std::string& bytes = *queue_[i].bytes;
                std::size_t skip = i == queue_head_ ? head_offset_ : 0;
                buffers[count] = iovec{const_cast<char*>(bytes.data()) + skip, bytes.size() - skip};
            }
            const ssize_t n = stream_.write_some(buffers.data(), count);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && would_block(errno)) {
                writing_ = true;  // the poller tells when the kernel takes more (EPOLLOUT)
                return;
            }
            if (n < 0) {
                terminate();
                return;
            }
            after_write(static_cast<std::size_t>(n));
        }
        finish_close_if_done();
    }
}

template <class Stream>
void websocket_connection<Stream>::write_tls() {
    if constexpr (k_tls) {
        if (queue_head_ >= queue_.size()) {
            finish_close_if_done();
            return;
        }
        io_.write_buffer.clear();
        io_.inflight_end = queue_.size();
        for (std::size_t i = queue_head_; i < queue_.size(); ++i) {
            const std::string& bytes = *queue_[i].bytes;
            std::size_t skip = i == queue_head_ ? head_offset_ : 0;
            io_.write_buffer.append(bytes, skip);
        }
        writing_ = true;
        asio::async_write(stream_, asio::buffer(io_.write_buffer),
                          [self = this->shared_from_this()](error_code ec, std::size_t n) {
                              self->writing_ = false;
                              if (self->terminated_) return;
                              if (ec) {
                                  self->terminate();
                                  return;
                              }
                              self->after_write(n);
                              self->write_tls();
                          });
    }
}

template <class Stream>
void websocket_connection<Stream>::after_write(std::size_t written) {
    auto& m = owner_.metrics();
    m.bytes_out.add(written);
    std::uint64_t frames = 0;
    std::int64_t now_ns = 0;
    while (written > 0 && queue_head_ < queue_.size()) {
        queued_frame& f = queue_[queue_head_];
        std::size_t remaining = f.bytes->size() - head_offset_;
        if (written < remaining) {
            head_offset_ += written;
            break;
        }
        written -= remaining;
        if (f.published_ns != 0) {
            if (now_ns == 0) now_ns = core::mono_ns();
            m.publish_to_write.observe_us(
                static_cast<std::uint64_t>(std::max<std::int64_t>(0, now_ns - f.published_ns)) / 1000);
        }
        queued_bytes_ -= f.bytes->size();
        f.bytes.reset();
        head_offset_ = 0;
        ++queue_head_;
        ++frames;
    }
    m.messages_out.add(frames);
    if (queue_head_ == queue_.size()) {
        // An idle connection holds no queue: its storage goes back to the worker, for the
        // next connection that queues a frame.
        owner_.queue_pool().give_back(queue_);
        queue_head_ = 0;
        if constexpr (k_tls) std::string().swap(io_.write_buffer);
    } else if (queue_head_ >= 32 && queue_head_ * 2 >= queue_.size()) {
        // Under steady traffic the queue may never empty: drop the written slots.
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(queue_head_));
        queue_head_ = 0;
    }
    if (read_paused_ && queued_bytes_ <= read_resume_bytes()) {
        read_paused_ = false;
        read();
    }
}

// ---------------------------------------------------------------------------------------
// Closing
// ---------------------------------------------------------------------------------------

template <class Stream>
void websocket_connection<Stream>::close(std::uint16_t code, std::string_view reason) {
    if (closing_ || terminated_) return;
    closing_ = true;
    // close() may run inside hub::drain (a slow consumer found by deliver()), where leaving
    // channels is not allowed: stop the session on the next turn. Until then nothing more is
    // queued, since closing_ is set. We keep reading: the peer answers with its close frame.
    asio::post(owner_.io(), [self = this->shared_from_this()] {
        if (self->session_) self->session_->stop();
    });
    enqueue_control(
        websocket::make_close_frame(static_cast<websocket::close_code>(code), reason).as_string_view(), true);
    close_deadline_ms_ = core::mono_ms() + k_close_grace_ms;
}

template <class Stream>
void websocket_connection<Stream>::finish_close_if_done() {
    if (!closing_ || terminated_ || queue_head_ < queue_.size()) return;
    if (close_sent_) return;
    close_sent_ = true;
    // Our close frame (or the echo of the peer's) is written. Close the TCP connection when
    // the peer has closed too. When its stream was broken it will send no close frame: end our
    // side (FIN) and read until it closes, or the close deadline passes.
    if (peer_closed_) {
        terminate();
    } else if (parser_.current_status() == websocket::frame_parser::status::failed) {
        if constexpr (k_tls) {
            error_code ec;
            stream_.next_layer().shutdown(asio::socket_base::shutdown_send, ec);
        } else {
            stream_.shutdown_send();
        }
    }
}

template <class Stream>
void websocket_connection<Stream>::terminate() {
    if (terminated_) return;
    terminated_ = true;
    if (session_) session_->stop();
    owner_.remove(this);
    if constexpr (k_tls) {
        error_code ec;
        stream_.next_layer().shutdown(asio::socket_base::shutdown_both, ec);
        stream_.next_layer().close(ec);
    } else {
        if (stream_.is_open()) owner_.poller().remove(stream_.fd());
        stream_.close();
        // Released on the next turn: a caller up the stack (or the poller's current batch)
        // may still refer to this connection.
        asio::post(owner_.io(), [self = std::move(io_.keep_alive)] {});
    }
    owner_.queue_pool().give_back(queue_);
    queue_head_ = 0;
    head_offset_ = 0;
    queued_bytes_ = 0;
}

template <class Stream>
void websocket_connection<Stream>::tick(std::int64_t unix_ms, std::int64_t mono_ms) {
    if (terminated_) return;
    if (closing_) {
        if (mono_ms >= close_deadline_ms_) terminate();
        return;
    }
    if (mono_ms - last_activity_ms_ >= ctx_.config.server.idle_timeout_ms) {
        close(1001, "idle timeout");
        return;
    }
    if (session_) session_->tick(unix_ms);
    if (closing_) return;
    if (mono_ms - last_ping_ms_ >= ctx_.config.server.ping_interval_ms) {
        last_ping_ms_ = mono_ms;
        enqueue_control(websocket::make_ping_frame().as_string_view(), false);
    }
}

template <class Stream>
void websocket_connection<Stream>::shutdown() {
    close(1001, "server shutting down");
}

template <class Stream>
void websocket_connection<Stream>::abort() {
    terminate();
}

template class websocket_connection<plain_stream>;
template class websocket_connection<tls_stream>;

}  // namespace ordercast::net

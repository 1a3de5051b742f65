#pragma once
// One WebSocket connection after the upgrade: our own RFC 6455 framing
// (net/websocket/frame_parser) over the socket, a bounded outbound queue of shared frames,
// and the protocol session.
//
// Memory: an idle connection holds no read or write buffer. Plain sockets leave Asio at the
// upgrade: they are bare descriptors in the worker's readiness_poller (no per-descriptor
// reactor state, no pending operation), read into a per-thread buffer when readable; writes go
// straight from the queued frames with writev, and only what the kernel refused stays queued.
//
// Threading: everything runs on the owning worker's thread. Lifetime: shared_ptr; a plain
// connection keeps itself alive from start() until terminate(), a TLS one is kept alive by its
// pending read or write.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/connection_base.hpp"
#include "net/outbound_queue.hpp"
#include "net/raw_socket.hpp"
#include "net/upgrade.hpp"
#include "net/websocket/frame_handler.hpp"
#include "net/websocket/frame_parser.hpp"
#include "protocol/dialect.hpp"
#include "session/session.hpp"

namespace ordercast::net {

class worker;

// Plain sockets are bound to the concrete io_context executor: an 8-byte executor instead of
// a polymorphic one, which makes every socket and every pending operation smaller.
using plain_stream =
    boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;
using tls_stream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

template <class Stream>
class websocket_connection final : public connection_base,
                                   public session::transport,
                                   public websocket::frame_handler,
                                   public std::enable_shared_from_this<websocket_connection<Stream>> {
public:
    // `dialect` is the upgrade path's (its inbound size limit applies from the first frame).
    websocket_connection(Stream stream, worker& owner, session::session_context& ctx,
                         const protocol::dialect& dialect);
    ~websocket_connection();

    // Sends the 101 response, then either starts the session or refuses with 1008.
    void start(upgrade_outcome outcome);

    // connection_base
    void on_ready(std::uint32_t events) override;
    void flush() override;
    void tick(std::int64_t unix_ms, std::int64_t mono_ms) override;
    void shutdown() override;
    void abort() override;

    // session::transport
    void send_shared(const std::shared_ptr<const std::string>& frame, std::int64_t published_ns) override;
    void send_text(std::string_view json) override;
    void close(std::uint16_t code, std::string_view reason) override;
    // The bases and the first block of members (see the member order below).
    hub::subscriber::memory_span delivery_memory() const override { return {this, k_flush_bytes}; }

    // websocket::frame_handler
    void on_text(std::string_view message) override;
    void on_binary(std::span<const std::byte> message) override;
    void on_ping(std::span<const std::byte> payload) override;
    void on_pong(std::span<const std::byte> payload) override;
    void on_close(websocket::close_code code, std::string_view reason) override;
    void on_error(websocket::error e) override;

private:
    using queued_frame = outbound_frame;

    static constexpr bool k_tls = std::is_same_v<Stream, tls_stream>;

    void read();
    void read_plain();                                          // plain: until EAGAIN (or a turn's share)
    void on_read(boost::system::error_code ec, std::size_t n);  // TLS
    void feed(char* data, std::size_t n);
    // Returns true when `size` more bytes fit the outbound limits; otherwise closes the
    // connection as a slow consumer (1013) and returns false.
    bool admit(std::size_t size);
    void push(queued_frame f);
    void enqueue_owned(std::string bytes);
    void enqueue_control(std::string_view bytes, bool is_close);
    // Reading pauses while more than this is queued for the client.
    std::size_t read_resume_bytes() const {
        return static_cast<std::size_t>(ctx_.config.limits.outbound_queue_bytes) / 2;
    }
    void request_flush();
    void write_plain();
    void write_tls();
    void after_write(std::size_t written);
    void finish_close_if_done();
    void terminate();  // closes the socket now; the session is already stopped
    void refuse(const protocol::dialect& dialect, protocol::refusal why, std::string_view detail);
    // The user the connection registry counts this connection under (empty: anonymous).
    std::string_view counted_user() const;

    // Order matters. With 10,000 subscribers nothing of a connection is cached when a frame
    // comes (W3 in bench/), so each cache line a delivery touches is a wait: a delivery and its
    // flush touch the bases (line 0), this first block (line 1) and the start of session_ (line 2:
    // its vtable, transport and dialect), and worker and hub prefetch those lines ahead (see
    // delivery_memory()). Keep the block within 64 bytes.
    // A plain connection's socket is a bare descriptor (see the file comment).
    std::conditional_t<k_tls, tls_stream, raw_socket> stream_;
    bool writing_ : 1 = false;  // waiting for writability (plain) or a TLS write is pending
    bool in_read_ : 1 = false;  // inside feed(): flush once at the end
    bool closing_ : 1 = false;  // our close frame is queued; nothing but control frames after it
    bool terminated_ : 1 = false;
    bool read_paused_ : 1 = false;  // backpressure: the client is not reading its answers
    bool readable_ : 1 = false;     // plain: input may be waiting (not yet read to EAGAIN)
    bool close_sent_ : 1 = false;
    bool peer_closed_ : 1 = false;
    bool anonymous_ : 1 = false;  // admitted without a token: not counted per user
    worker& owner_;
    session::session_context& ctx_;
    outbound_queue queue_;           // storage from and back to the worker's outbound_queue_pool
    std::uint32_t queue_head_ = 0;   // first frame not fully written (the queue is bounded by limits)
    std::uint32_t head_offset_ = 0;  // bytes of queue_[queue_head_] already written
    std::size_t queued_bytes_ = 0;
    std::optional<session::session> session_;
    websocket::frame_parser parser_;
    // What only TLS connections need, and what only plain ones need.
    struct tls_state {
        std::unique_ptr<char[]> read_buffer;  // OpenSSL needs a buffer per read
        std::string write_buffer;             // the write in flight
        std::size_t inflight_end = 0;         // queue_ index after the write in flight
    };
    struct plain_state {
        std::shared_ptr<websocket_connection> keep_alive;  // from start() until terminate()
    };
    std::conditional_t<k_tls, tls_state, plain_state> io_;
    std::int64_t last_activity_ms_ = 0;  // steady clock, like the two below
    std::int64_t last_ping_ms_ = 0;
    std::int64_t close_deadline_ms_ = 0;
};

extern template class websocket_connection<plain_stream>;
extern template class websocket_connection<tls_stream>;

}  // namespace ordercast::net

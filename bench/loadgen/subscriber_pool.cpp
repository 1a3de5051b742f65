#include "bench/loadgen/subscriber_pool.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <cstring>

#include "bench/loadgen/dialect.hpp"
#include "bench/loadgen/http_response_parser.hpp"
#include "bench/loadgen/payload.hpp"

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

namespace ordercast::bench {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
constexpr std::size_t k_read_buffer = 64 * 1024;
constexpr std::size_t k_max_handshake = 16 * 1024;
}  // namespace

enum class sub_state : std::uint8_t { connecting, upgrading, opening, subscribing, subscribed, closed };

struct subscriber_pool::connection {
    explicit connection(asio::io_context& io, std::uint32_t ch) : socket(io), channel(ch) {}
    tcp::socket socket;
    frame_reader reader;
    std::string handshake;  // the upgrade answer until its header is complete
    std::string outbox;     // bytes the kernel did not take yet (rare: these are tiny frames)
    std::uint32_t channel;
    sub_state state = sub_state::connecting;
    bool counted = false;  // settled: subscribed or failed
    bool writing = false;  // waiting for writability
};

subscriber_pool::subscriber_pool(asio::io_context& io, const loadgen_options& opts, delivery_stats& stats)
    : io_(io),
      opts_(opts),
      stats_(stats),
      target_(asio::ip::make_address_v4(opts.host), opts.port),
      per_channel_(opts.channels, 0),
      read_buffer_(k_read_buffer) {
    std::string target = opts.ws_path;
    if (!opts.token.empty())
        target.append(target.find('?') == std::string::npos ? "?token=" : "&token=").append(opts.token);
    append_upgrade_request(upgrade_request_, opts.host, opts.port, target);
    connections_.reserve(opts.connections);
}

subscriber_pool::~subscriber_pool() {
    close_all();
}

void subscriber_pool::start(std::function<void()> on_settled) {
    on_settled_ = std::move(on_settled);
    std::uint32_t first = std::min(opts_.connect_concurrency, opts_.connections);
    for (std::uint32_t i = 0; i < first; ++i) launch_next();
}

void subscriber_pool::close_all() {
    for (auto& c : connections_) {
        if (c->state == sub_state::closed) continue;
        c->state = sub_state::closed;
        boost::system::error_code ignored;
        c->socket.close(ignored);
    }
}

void subscriber_pool::launch_next() {
    if (next_ >= opts_.connections) return;
    const std::uint32_t index = next_++;
    auto& c = *connections_.emplace_back(std::make_unique<connection>(io_, index % opts_.channels));
    boost::system::error_code ec;
    c.socket.open(tcp::v4(), ec);
    if (!ec) {
        // Let connect() pick the port per destination, so the 4-tuple, not the port alone,
        // must be unique: more connections per source address than bind(addr, 0) allows.
        int one = 1;
        ::setsockopt(c.socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        const auto& src = opts_.source_addrs[index % opts_.source_addrs.size()];
        c.socket.bind(tcp::endpoint(asio::ip::make_address_v4(src), 0), ec);
    }
    if (ec) {
        fail(c, "socket/bind: " + ec.message());
        return;
    }
    c.socket.async_connect(target_, [this, &c](const boost::system::error_code& e) { on_connected(c, e); });
}

void subscriber_pool::on_connected(connection& c, const boost::system::error_code& ec) {
    if (c.state == sub_state::closed) return;
    if (ec) {
        fail(c, "connect: " + ec.message());
        return;
    }
    boost::system::error_code ignored;
    c.socket.set_option(tcp::no_delay(true), ignored);
    c.socket.non_blocking(true, ignored);
    c.state = sub_state::upgrading;
    c.outbox = upgrade_request_;
    flush(c);
    if (c.state != sub_state::closed) on_readable(c);  // also arms the first wait
}

void subscriber_pool::wait_readable(connection& c) {
    c.socket.async_wait(tcp::socket::wait_read, [this, &c](const boost::system::error_code& ec) {
        if (c.state == sub_state::closed) return;
        if (ec) {
            fail(c, "wait: " + ec.message());
            return;
        }
        on_readable(c);
    });
}

// Reads until the socket is drained. Asio's reactor is edge-triggered, so the next wait is
// armed only after a short read (the kernel had nothing more) or EAGAIN.
void subscriber_pool::on_readable(connection& c) {
    const int fd = c.socket.native_handle();
    for (;;) {
        ssize_t n = ::recv(fd, read_buffer_.data(), read_buffer_.size(), 0);
        if (n > 0) {
            on_bytes(c, std::string_view(read_buffer_.data(), static_cast<std::size_t>(n)), mono_ns());
            if (c.state == sub_state::closed) return;
            if (static_cast<std::size_t>(n) < read_buffer_.size()) break;
            continue;
        }
        if (n == 0) {
            fail(c, "closed by the server");
            return;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        fail(c, std::string("recv: ") + std::strerror(errno));
        return;
    }
    wait_readable(c);
}

void subscriber_pool::on_bytes(connection& c, std::string_view bytes, std::uint64_t now_ns) {
    if (c.state == sub_state::upgrading) {
        c.handshake.append(bytes);
        std::size_t header = http_header_size(c.handshake);
        if (header == 0) {
            if (c.handshake.size() > k_max_handshake) fail(c, "upgrade answer has no end of header");
            return;
        }
        http_response r;
        if (parse_http_response(c.handshake, r) == k_http_malformed || r.status != 101) {
            std::string line = c.handshake.substr(0, c.handshake.find('\r'));
            fail(c, "upgrade refused: " + line);
            return;
        }
        std::string rest = c.handshake.substr(header);
        c.handshake.clear();
        c.handshake.shrink_to_fit();
        c.state = sub_state::opening;
        if (ready_after_upgrade(opts_.dialect)) send_subscribe(c);
        if (c.state == sub_state::closed || rest.empty()) return;
        on_bytes(c, rest, now_ns);
        return;
    }
    bool ok = c.reader.feed(bytes, [&](ws_opcode op, std::string_view payload) {
        if (c.state == sub_state::closed) return;
        switch (op) {
            case ws_opcode::text:
                on_text(c, payload, now_ns);
                break;
            case ws_opcode::ping:
                send_frame(c, ws_opcode::pong, payload);
                break;
            case ws_opcode::close: {
                std::string why = "server sent close";
                if (payload.size() >= 2)
                    why += " " +
                           std::to_string((static_cast<unsigned char>(payload[0]) << 8) |
                                          static_cast<unsigned char>(payload[1])) +
                           " " + std::string(payload.substr(2));
                send_frame(c, ws_opcode::close, payload.substr(0, std::min<std::size_t>(payload.size(), 2)));
                fail(c, why);
                break;
            }
            default:
                break;
        }
    });
    if (!ok && c.state != sub_state::closed) fail(c, "malformed WebSocket frame from the server");
}

void subscriber_pool::on_text(connection& c, std::string_view text, std::uint64_t now_ns) {
    inbound in = classify_inbound(opts_.dialect, text);
    switch (in.kind) {
        case inbound_kind::delivery:
            stats_.record(in.ts_ns, now_ns);
            break;
        case inbound_kind::engine_open:
            send_frame(c, ws_opcode::text, namespace_connect_message());
            break;
        case inbound_kind::ready:
            if (c.state == sub_state::opening) send_subscribe(c);
            break;
        case inbound_kind::subscribed:
            if (c.state == sub_state::subscribing) on_subscribed(c);
            break;
        case inbound_kind::subscribe_failed:
            fail(c, "subscription refused: " + std::string(text.substr(0, 200)));
            break;
        case inbound_kind::engine_ping:
            send_frame(c, ws_opcode::text, engine_pong_message());
            break;
        case inbound_kind::error:
            ++errors_received_;
            if (c.state != sub_state::subscribed)
                fail(c, "server error: " + std::string(text.substr(0, 200)));
            break;
        case inbound_kind::other:
            break;
    }
}

void subscriber_pool::send_subscribe(connection& c) {
    std::string msg;
    append_subscribe_message(msg, opts_.dialect, opts_.subscribe_channel_name(c.channel));
    c.state = sub_state::subscribing;
    send_frame(c, ws_opcode::text, msg);
}

void subscriber_pool::on_subscribed(connection& c) {
    c.state = sub_state::subscribed;
    ++subscribed_;
    ++per_channel_[c.channel];
    c.counted = true;
    settle_one();
}

void subscriber_pool::send_frame(connection& c, ws_opcode op, std::string_view payload) {
    scratch_.clear();
    append_client_frame(scratch_, op, payload, masks_.next());
    c.outbox.append(scratch_);
    flush(c);
}

void subscriber_pool::flush(connection& c) {
    if (c.writing || c.outbox.empty()) return;
    while (!c.outbox.empty()) {
        ssize_t n = ::send(c.socket.native_handle(), c.outbox.data(), c.outbox.size(), MSG_NOSIGNAL);
        if (n > 0) {
            c.outbox.erase(0, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            c.writing = true;
            c.socket.async_wait(tcp::socket::wait_write, [this, &c](const boost::system::error_code& ec) {
                c.writing = false;
                if (c.state == sub_state::closed) return;
                if (ec) {
                    fail(c, "wait for write: " + ec.message());
                    return;
                }
                flush(c);
            });
            return;
        }
        fail(c, std::string("send: ") + std::strerror(errno));
        return;
    }
    c.outbox.shrink_to_fit();
}

void subscriber_pool::fail(connection& c, std::string_view why) {
    if (c.state == sub_state::closed) return;
    const bool was_subscribed = c.state == sub_state::subscribed;
    c.state = sub_state::closed;
    boost::system::error_code ignored;
    c.socket.close(ignored);
    if (first_failure_.empty()) first_failure_ = std::string(why);
    if (was_subscribed) {
        ++dropped_;
        return;
    }
    if (!c.counted) {
        c.counted = true;
        ++failed_;
        settle_one();
    }
}

void subscriber_pool::settle_one() {
    ++settled_;
    // Posted, not called: a run of synchronous failures would otherwise recurse N deep.
    asio::post(io_, [this] { launch_next(); });
    if (settled_ == opts_.connections && on_settled_) {
        auto done = std::move(on_settled_);
        on_settled_ = nullptr;
        done();
    }
}

}  // namespace ordercast::bench

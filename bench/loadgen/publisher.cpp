#include "bench/loadgen/publisher.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/ip/address_v4.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "bench/loadgen/dialect.hpp"
#include "bench/loadgen/http_response_parser.hpp"
#include "bench/loadgen/payload.hpp"

namespace ordercast::bench {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
constexpr std::size_t k_read_buffer = 256 * 1024;
// How long a maximum-rate publisher waits before looking again when the delivery backlog is
// full. Short against a delivery's latency, long enough not to spin.
constexpr auto k_retry = std::chrono::microseconds(50);
}  // namespace

enum class pub_state : std::uint8_t { connecting, upgrading, opening, ready, closed };

struct publisher::connection {
    explicit connection(asio::io_context& io) : socket(io) {}
    tcp::socket socket;
    std::string in;                      // unparsed answer bytes (HTTP) or the upgrade answer (ws)
    std::string out;                     // requests the kernel has not taken yet
    std::deque<std::uint32_t> channels;  // channel of each HTTP publish awaiting its answer
    frame_reader reader;
    pub_state state = pub_state::connecting;
    bool writing = false;
};

publisher::publisher(asio::io_context& io, const loadgen_options& opts, delivery_stats& deliveries,
                     const std::vector<std::uint32_t>& per_channel)
    : io_(io),
      opts_(opts),
      deliveries_(deliveries),
      per_channel_(per_channel),
      target_(asio::ip::make_address_v4(opts.host), opts.port),
      timer_(io),
      pad_(opts.pad_bytes, 'x'),
      read_buffer_(k_read_buffer) {
    http_prefix_ = "POST " + opts.publish_path + " HTTP/1.1\r\nHost: " + opts.host + ":" +
                   std::to_string(opts.port) + "\r\n";
    if (!opts.publish_token.empty()) http_prefix_ += "Authorization: Bearer " + opts.publish_token + "\r\n";
    http_prefix_ += "Content-Type: application/json\r\nContent-Length: ";
    per_connection_limit_ = std::max<std::uint32_t>(1, (opts.window + opts.publishers - 1) / opts.publishers);
    if (opts.rate > 0) period_ns_ = static_cast<std::uint64_t>(1e9 / opts.rate);
}

publisher::~publisher() {
    close_all();
}

void publisher::connect(std::function<void(bool)> on_ready) {
    on_ready_ = std::move(on_ready);
    for (std::uint32_t i = 0; i < opts_.publishers; ++i) {
        auto& c = *connections_.emplace_back(std::make_unique<connection>(io_));
        c.socket.async_connect(target_,
                               [this, &c](const boost::system::error_code& ec) { on_connected(c, ec); });
    }
}

void publisher::close_all() {
    running_ = false;
    timer_.cancel();
    for (auto& c : connections_) {
        if (c->state == pub_state::closed) continue;
        c->state = pub_state::closed;
        boost::system::error_code ignored;
        c->socket.close(ignored);
    }
}

void publisher::on_connected(connection& c, const boost::system::error_code& ec) {
    if (c.state == pub_state::closed) return;
    if (ec) {
        fail(c, "publisher connect: " + ec.message());
        return;
    }
    boost::system::error_code ignored;
    c.socket.set_option(tcp::no_delay(true), ignored);
    c.socket.non_blocking(true, ignored);
    if (opts_.publish == publish_mode::http) {
        c.state = pub_state::ready;
        ready_one();
    } else {
        c.state = pub_state::upgrading;
        std::string target = opts_.ws_path;
        if (!opts_.token.empty())
            target.append(target.find('?') == std::string::npos ? "?token=" : "&token=").append(opts_.token);
        append_upgrade_request(c.out, opts_.host, opts_.port, target);
        flush(c);
    }
    if (c.state != pub_state::closed) on_readable(c);
}

void publisher::ready_one() {
    if (++ready_ == opts_.publishers && on_ready_) {
        auto done = std::move(on_ready_);
        on_ready_ = nullptr;
        done(true);
    }
}

void publisher::fail(connection& c, std::string_view why) {
    if (c.state == pub_state::closed) return;
    const bool was_ready = c.state == pub_state::ready;
    c.state = pub_state::closed;
    boost::system::error_code ignored;
    c.socket.close(ignored);
    // Deliveries of publishes whose answer will never come are not expected either.
    for (std::uint32_t ch : c.channels)
        deliveries_.expected -= std::min<std::uint64_t>(deliveries_.expected, per_channel_[ch]);
    in_flight_ -= static_cast<std::uint32_t>(c.channels.size());
    c.channels.clear();
    if (stats_.failure.empty()) stats_.failure = std::string(why);
    if (!was_ready && on_ready_) {
        auto done = std::move(on_ready_);
        on_ready_ = nullptr;
        done(false);
    }
}

void publisher::wait_readable(connection& c) {
    c.socket.async_wait(tcp::socket::wait_read, [this, &c](const boost::system::error_code& ec) {
        if (c.state == pub_state::closed) return;
        if (ec) {
            fail(c, "publisher wait: " + ec.message());
            return;
        }
        on_readable(c);
    });
}

void publisher::on_readable(connection& c) {
    const int fd = c.socket.native_handle();
    for (;;) {
        ssize_t n = ::recv(fd, read_buffer_.data(), read_buffer_.size(), 0);
        if (n > 0) {
            std::string_view bytes(read_buffer_.data(), static_cast<std::size_t>(n));
            if (opts_.publish == publish_mode::http) {
                c.in.append(bytes);
                on_http_bytes(c);
            } else {
                on_ws_bytes(c, bytes);
            }
            if (c.state == pub_state::closed) return;
            if (static_cast<std::size_t>(n) < read_buffer_.size()) break;
            continue;
        }
        if (n == 0) {
            fail(c, "publisher connection closed by the server");
            return;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        fail(c, std::string("publisher recv: ") + std::strerror(errno));
        return;
    }
    wait_readable(c);
    if (running_ && period_ns_ == 0) fill();
}

void publisher::on_http_bytes(connection& c) {
    std::size_t used = 0;
    for (;;) {
        http_response r;
        std::size_t n = parse_http_response(std::string_view(c.in).substr(used), r);
        if (n == k_http_incomplete) break;
        if (n == k_http_malformed || c.channels.empty()) {
            fail(c, "publisher: unexpected bytes from the server: " + c.in.substr(used, 120));
            return;
        }
        const std::uint32_t ch = c.channels.front();
        c.channels.pop_front();
        --in_flight_;
        if (r.status >= 200 && r.status < 300) {
            ++stats_.accepted;
        } else {
            ++stats_.rejected;
            deliveries_.expected -= std::min<std::uint64_t>(deliveries_.expected, per_channel_[ch]);
            if (stats_.first_rejection.empty())
                stats_.first_rejection =
                    "HTTP " + std::to_string(r.status) + " " + std::string(r.body.substr(0, 300));
        }
        used += n;
    }
    c.in.erase(0, used);
}

void publisher::on_ws_bytes(connection& c, std::string_view bytes) {
    if (c.state == pub_state::upgrading) {
        c.in.append(bytes);
        std::size_t header = http_header_size(c.in);
        if (header == 0) return;
        http_response r;
        if (parse_http_response(c.in, r) == k_http_malformed || r.status != 101) {
            fail(c, "publisher upgrade refused: " + c.in.substr(0, c.in.find('\r')));
            return;
        }
        std::string rest = c.in.substr(header);
        c.in.clear();
        c.state = pub_state::opening;
        if (ready_after_upgrade(opts_.dialect)) {
            c.state = pub_state::ready;
            ready_one();
        }
        if (!rest.empty()) on_ws_bytes(c, rest);
        return;
    }
    bool ok = c.reader.feed(bytes, [&](ws_opcode op, std::string_view payload) {
        if (c.state == pub_state::closed) return;
        if (op == ws_opcode::ping) {
            append_client_frame(c.out, ws_opcode::pong, payload, masks_.next());
        } else if (op == ws_opcode::close) {
            fail(c, "publisher: server closed the WebSocket");
        } else if (op == ws_opcode::text) {
            inbound in = classify_inbound(opts_.dialect, payload);
            if (in.kind == inbound_kind::engine_open) {
                append_client_frame(c.out, ws_opcode::text, namespace_connect_message(), masks_.next());
            } else if (in.kind == inbound_kind::ready && c.state == pub_state::opening) {
                c.state = pub_state::ready;
                ready_one();
            } else if (in.kind == inbound_kind::engine_ping) {
                append_client_frame(c.out, ws_opcode::text, engine_pong_message(), masks_.next());
            }
        }
    });
    if (!ok) fail(c, "publisher: malformed WebSocket frame");
    if (c.state != pub_state::closed) flush(c);
}

void publisher::flush(connection& c) {
    if (c.writing || c.out.empty()) return;
    std::size_t done = 0;
    while (done < c.out.size()) {
        ssize_t n = ::send(c.socket.native_handle(), c.out.data() + done, c.out.size() - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            c.out.erase(0, done);
            c.writing = true;
            c.socket.async_wait(tcp::socket::wait_write, [this, &c](const boost::system::error_code& ec) {
                c.writing = false;
                if (c.state == pub_state::closed) return;
                if (ec) {
                    fail(c, "publisher wait for write: " + ec.message());
                    return;
                }
                flush(c);
            });
            return;
        }
        fail(c, std::string("publisher send: ") + std::strerror(errno));
        return;
    }
    c.out.clear();
}

// ---------------------------------------------------------------------------------------------
// Pacing

void publisher::start() {
    std::uint32_t largest = 0;
    for (auto n : per_channel_) largest = std::max(largest, n);
    max_backlog_ = opts_.max_backlog != 0 ? opts_.max_backlog
                                          : std::max<std::uint64_t>(1, std::uint64_t{opts_.window} * largest);
    running_ = true;
    if (period_ns_ != 0) {
        next_due_ns_ = mono_ns();
        on_tick();
    } else {
        fill();
    }
}

void publisher::stop() {
    running_ = false;
    timer_.cancel();
}

bool publisher::can_issue() const noexcept {
    if (opts_.publish == publish_mode::http && in_flight_ >= opts_.window) return false;
    return deliveries_.backlog() < max_backlog_;
}

publisher::connection* publisher::pick_connection() noexcept {
    const auto n = static_cast<std::uint32_t>(connections_.size());
    for (std::uint32_t i = 0; i < n; ++i) {
        connection& c = *connections_[(rr_ + i) % n];
        if (c.state != pub_state::ready) continue;
        if (opts_.publish == publish_mode::http && c.channels.size() >= per_connection_limit_) continue;
        rr_ = (rr_ + i + 1) % n;
        return &c;
    }
    return nullptr;
}

void publisher::issue(connection& c, std::uint64_t now_ns) {
    const std::uint32_t ch = next_channel_;
    next_channel_ = (next_channel_ + 1) % opts_.channels;
    body_.clear();
    append_publish_body(body_, opts_.channel_name(ch), now_ns, pad_);
    if (opts_.publish == publish_mode::http) {
        c.out.append(http_prefix_).append(std::to_string(body_.size())).append("\r\n\r\n").append(body_);
        c.channels.push_back(ch);
        ++in_flight_;
    } else {
        message_.clear();
        append_ws_publish_message(message_, opts_.dialect, body_);
        append_client_frame(c.out, ws_opcode::text, message_, masks_.next());
        ++stats_.accepted;
    }
    deliveries_.expected += per_channel_[ch];
    ++stats_.sent;
    if (in_window_) ++stats_.window_sent;
}

void publisher::fill() {
    if (!running_) return;
    bool issued = false;
    while (can_issue()) {
        connection* c = pick_connection();
        if (c == nullptr) break;
        issue(*c, mono_ns());
        issued = true;
    }
    if (issued)
        for (auto& c : connections_)
            if (c->state == pub_state::ready) flush(*c);
    // Blocked by the backlog (or, over ws, by nothing that will wake us): look again soon.
    if (running_ &&
        (opts_.publish == publish_mode::ws || in_flight_ == 0 || deliveries_.backlog() >= max_backlog_))
        arm_retry();
}

void publisher::arm_retry() {
    if (retry_armed_) return;
    retry_armed_ = true;
    timer_.expires_after(k_retry);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        retry_armed_ = false;
        if (!ec) fill();
    });
}

void publisher::on_tick() {
    if (!running_) return;
    const std::uint64_t now = mono_ns();
    while (next_due_ns_ <= now) {
        connection* c = can_issue() ? pick_connection() : nullptr;
        if (c != nullptr) {
            issue(*c, mono_ns());
            flush(*c);
        } else {
            ++stats_.late;
        }
        next_due_ns_ += period_ns_;
    }
    timer_.expires_at(std::chrono::steady_clock::time_point(std::chrono::nanoseconds(next_due_ns_)));
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) on_tick();
    });
}

}  // namespace ordercast::bench

#include "bench/loadgen/loadgen.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "bench/loadgen/payload.hpp"
#include "bench/loadgen/proc_stats.hpp"
#include "bench/loadgen/publisher.hpp"
#include "bench/loadgen/subscriber_pool.hpp"

namespace ordercast::bench {

namespace asio = boost::asio;

namespace {

std::chrono::nanoseconds seconds(double s) {
    return std::chrono::nanoseconds(static_cast<std::int64_t>(s * 1e9));
}

std::uint64_t raise_fd_limit() {
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return 0;
    if (lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &lim);
    }
    return lim.rlim_max;
}

double own_cpu_seconds() {
    rusage ru{};
    ::getrusage(RUSAGE_SELF, &ru);
    auto tv = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return tv(ru.ru_utime) + tv(ru.ru_stime);
}

// The run's phases as continuations on one io_context.
class load_run {
public:
    explicit load_run(const loadgen_options& opts)
        : opts_(opts), pool_(io_, opts, stats_), phase_(io_), deadline_(io_), signals_(io_, SIGINT, SIGTERM) {
        if (opts.publish != publish_mode::none)
            pub_ = std::make_unique<publisher>(io_, opts, stats_, pool_.subscribers_per_channel());
    }

    run_result run() {
        result_.fd_limit = raise_fd_limit();
        fill_settings();
        if (opts_.server_pid != 0) result_.rss_before_kb = read_vm_rss_kb(opts_.server_pid).value_or(0);
        signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
            if (!ec) abort(sig == SIGINT ? "interrupted (SIGINT)" : "terminated (SIGTERM)");
        });
        const double budget = opts_.connect_timeout_s + opts_.settle_s + opts_.warmup_s + opts_.duration_s +
                              opts_.drain_s + 15.0;
        deadline_.expires_after(seconds(budget));
        deadline_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) abort("the run passed its overall deadline");
        });
        connect_start_ = mono_ns();
        pool_.start([this] { on_subscribers_settled(); });
        phase_.expires_after(seconds(opts_.connect_timeout_s));
        phase_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) on_subscribers_settled();
        });
        io_.run();
        return result_;
    }

private:
    void fill_settings() {
        result_.label = opts_.label;
        result_.dialect = std::string(dialect_name(opts_.dialect));
        result_.publish = opts_.publish == publish_mode::none   ? "none"
                          : opts_.publish == publish_mode::http ? "http"
                                                                : "ws";
        result_.rate = opts_.rate;
        result_.window = opts_.window;
        result_.publishers = opts_.publishers;
        result_.connections = opts_.connections;
        result_.channels = opts_.channels;
    }

    // Runs when every subscriber settled, or when the connect timeout passed first.
    void on_subscribers_settled() {
        if (connected_) return;
        connected_ = true;
        phase_.cancel();
        pool_.stop_launching();
        result_.connect_s = static_cast<double>(mono_ns() - connect_start_) / 1e9;
        if (pool_.subscribed() == 0) {
            abort("no subscriber could subscribe: " + pool_.first_failure());
            return;
        }
        after(opts_.settle_s, [this] { on_settled(); });
    }

    void on_settled() {
        if (opts_.server_pid != 0) {
            result_.rss_idle_kb = read_vm_rss_kb(opts_.server_pid).value_or(0);
            if (result_.rss_idle_kb >= result_.rss_before_kb && pool_.subscribed() > 0)
                result_.bytes_per_connection =
                    static_cast<double>(result_.rss_idle_kb - result_.rss_before_kb) * 1024.0 /
                    pool_.subscribed();
        }
        if (!pub_) {
            finish();
            return;
        }
        pub_->connect([this](bool ok) {
            if (!ok) {
                abort("a publisher could not connect: " + pub_->stats().failure);
                return;
            }
            pub_->start();
            after(opts_.warmup_s, [this] { open_window(); });
        });
    }

    void open_window() {
        window_start_ns_ = mono_ns();
        if (opts_.server_pid != 0) cpu_start_ = read_process_cpu(opts_.server_pid);
        machine_start_ = read_machine_cpu();
        own_start_ = own_cpu_seconds();
        stats_.in_window = true;
        pub_->set_in_window(true);
        after(opts_.duration_s, [this] { close_window(); });
    }

    void close_window() {
        const std::uint64_t end_ns = mono_ns();
        std::optional<process_cpu> cpu_end;
        if (opts_.server_pid != 0) cpu_end = read_process_cpu(opts_.server_pid);
        auto machine_end = read_machine_cpu();
        const double own_end = own_cpu_seconds();
        stats_.in_window = false;
        pub_->set_in_window(false);
        pub_->stop();

        result_.window_s = static_cast<double>(end_ns - window_start_ns_) / 1e9;
        result_.deliveries = stats_.window_received;
        result_.window_published = pub_->stats().window_sent;
        result_.deliveries_per_s = static_cast<double>(result_.deliveries) / result_.window_s;
        result_.publishes_per_s = static_cast<double>(result_.window_published) / result_.window_s;
        result_.loadgen_cpu_util = (own_end - own_start_) / result_.window_s;
        if (cpu_start_ && cpu_end) {
            const double tick = seconds_per_tick();
            result_.server_user_s =
                static_cast<double>(cpu_end->utime_ticks - cpu_start_->utime_ticks) * tick;
            result_.server_sys_s = static_cast<double>(cpu_end->stime_ticks - cpu_start_->stime_ticks) * tick;
            const double cpu = result_.server_user_s + result_.server_sys_s;
            result_.server_cpu_util = cpu / result_.window_s;
            if (cpu > 0) result_.deliveries_per_cpu_s = static_cast<double>(result_.deliveries) / cpu;
        }
        if (machine_start_ && machine_end) {
            result_.steal_ticks = machine_end->steal_ticks - machine_start_->steal_ticks;
            result_.total_ticks = machine_end->total_ticks - machine_start_->total_ticks;
            if (result_.total_ticks > 0) {
                const double total = static_cast<double>(result_.total_ticks);
                result_.steal_pct = 100.0 * static_cast<double>(result_.steal_ticks) / total;
                const double busy_s =
                    static_cast<double>(machine_end->busy_ticks - machine_start_->busy_ticks) *
                    seconds_per_tick();
                const double ours_s = result_.server_user_s + result_.server_sys_s + (own_end - own_start_);
                const double other_s = std::max(0.0, busy_s - ours_s);
                result_.other_cpu_pct = 100.0 * other_s / (total * seconds_per_tick());
            }
        }
        const auto& h = stats_.window_latency;
        result_.latency = {h.percentile(50) / 1e3,
                           h.percentile(90) / 1e3,
                           h.percentile(99) / 1e3,
                           h.percentile(99.9) / 1e3,
                           h.max() / 1e3,
                           h.mean() / 1e3,
                           h.count()};
        drain_deadline_ns_ = mono_ns() + static_cast<std::uint64_t>(opts_.drain_s * 1e9);
        drain();
    }

    // Waits until every due delivery arrived and every publish was answered, or the drain
    // time is up; what is still missing then is counted as lost.
    void drain() {
        const bool done = stats_.received >= stats_.expected && pub_->in_flight() == 0;
        if (done || mono_ns() >= drain_deadline_ns_) {
            result_.drained = done;
            finish();
            return;
        }
        after(0.01, [this] { drain(); });
    }

    void finish() {
        if (finished_) return;
        finished_ = true;
        collect();
        shutdown();
    }

    void abort(std::string why) {
        if (finished_) return;
        finished_ = true;
        result_.aborted = true;
        result_.abort_reason = std::move(why);
        collect();
        shutdown();
    }

    void collect() {
        result_.subscribed = pool_.subscribed();
        result_.failed = pool_.failed();
        result_.dropped = pool_.dropped();
        result_.first_failure = pool_.first_failure();
        if (opts_.server_pid != 0) result_.rss_end_kb = read_vm_rss_kb(opts_.server_pid).value_or(0);
        if (pub_) {
            const auto& s = pub_->stats();
            result_.sent = s.sent;
            result_.accepted = s.accepted;
            result_.rejected = s.rejected;
            result_.late = s.late;
            result_.first_rejection = s.first_rejection;
            result_.publisher_failure = s.failure;
        }
        result_.expected = stats_.expected;
        result_.received = stats_.received;
        result_.lost = stats_.backlog();
        if (stats_.expected > 0)
            result_.loss_ratio = static_cast<double>(result_.lost) / static_cast<double>(stats_.expected);
    }

    void shutdown() {
        phase_.cancel();
        deadline_.cancel();
        signals_.cancel();
        if (pub_) pub_->close_all();
        pool_.close_all();
        io_.stop();
    }

    template <class Fn>
    void after(double s, Fn fn) {
        phase_.expires_after(seconds(s));
        phase_.async_wait([fn = std::move(fn)](const boost::system::error_code& ec) {
            if (!ec) fn();
        });
    }

    const loadgen_options& opts_;
    asio::io_context io_{1};
    delivery_stats stats_;
    subscriber_pool pool_;
    std::unique_ptr<publisher> pub_;
    asio::steady_timer phase_;
    asio::steady_timer deadline_;
    asio::signal_set signals_;
    run_result result_;
    std::uint64_t connect_start_ = 0;
    std::uint64_t window_start_ns_ = 0;
    std::uint64_t drain_deadline_ns_ = 0;
    std::optional<process_cpu> cpu_start_;
    std::optional<machine_cpu> machine_start_;
    double own_start_ = 0;
    bool connected_ = false;
    bool finished_ = false;
};

}  // namespace

run_result run_load(const loadgen_options& opts) {
    load_run run(opts);
    return run.run();
}

}  // namespace ordercast::bench

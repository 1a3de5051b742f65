#include "bench/loadgen/run_result.hpp"

#include <fmt/format.h>

#include <iterator>

namespace ordercast::bench {

std::string json_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20) {
                    fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
                } else {
                    out.push_back(ch);
                }
        }
    }
    return out;
}

std::string run_result::to_json() const {
    std::string o;
    auto out = std::back_inserter(o);
    fmt::format_to(out,
                   R"({{"label":"{}","dialect":"{}","publish":"{}","rate":{},"window":{},"publishers":{},)",
                   json_escape(label), dialect, publish, rate, window, publishers);
    fmt::format_to(
        out,
        R"("connections":{},"channels":{},"subscribed":{},"failed":{},"dropped":{},"first_failure":"{}",)"
        R"("connect_s":{:.3f},"fd_limit":{},)",
        connections, channels, subscribed, failed, dropped, json_escape(first_failure), connect_s, fd_limit);
    fmt::format_to(out,
                   R"("rss_before_kb":{},"rss_idle_kb":{},"rss_end_kb":{},"bytes_per_connection":{:.1f},)",
                   rss_before_kb, rss_idle_kb, rss_end_kb, bytes_per_connection);
    fmt::format_to(
        out,
        R"("sent":{},"accepted":{},"rejected":{},"late":{},"first_rejection":"{}","publisher_failure":"{}",)",
        sent, accepted, rejected, late, json_escape(first_rejection), json_escape(publisher_failure));
    fmt::format_to(
        out,
        R"("window_s":{:.3f},"window_published":{},"deliveries":{},"deliveries_per_s":{:.1f},)"
        R"("publishes_per_s":{:.1f},"server_user_s":{:.3f},"server_sys_s":{:.3f},"server_cpu_util":{:.3f},)"
        R"("deliveries_per_cpu_s":{:.1f},"loadgen_cpu_util":{:.3f},)",
        window_s, window_published, deliveries, deliveries_per_s, publishes_per_s, server_user_s,
        server_sys_s, server_cpu_util, deliveries_per_cpu_s, loadgen_cpu_util);
    fmt::format_to(
        out,
        R"("latency_us":{{"p50":{:.1f},"p90":{:.1f},"p99":{:.1f},"p999":{:.1f},"max":{:.1f},"mean":{:.1f},)"
        R"("count":{}}},)",
        latency.p50, latency.p90, latency.p99, latency.p999, latency.max, latency.mean, latency.count);
    fmt::format_to(out, R"("steal_ticks":{},"total_ticks":{},"steal_pct":{:.3f},"other_cpu_pct":{:.3f},)",
                   steal_ticks, total_ticks, steal_pct, other_cpu_pct);
    fmt::format_to(out, R"("expected":{},"received":{},"lost":{},"loss_ratio":{:.6f},"drained":{},)",
                   expected, received, lost, loss_ratio, drained);
    fmt::format_to(out, R"("aborted":{},"abort_reason":"{}"}})", aborted, json_escape(abort_reason));
    return o;
}

std::string run_result::to_text() const {
    std::string o;
    auto out = std::back_inserter(o);
    fmt::format_to(out, "{}: {} of {} subscribed on {} channels in {:.1f} s ({} failed, {} dropped)\n",
                   label.empty() ? "run" : label, subscribed, connections, channels, connect_s, failed,
                   dropped);
    if (!first_failure.empty()) fmt::format_to(out, "  first failure: {}\n", first_failure);
    if (rss_idle_kb != 0)
        fmt::format_to(out, "  server RSS {} kB before, {} kB idle: {:.0f} B per subscribed connection\n",
                       rss_before_kb, rss_idle_kb, bytes_per_connection);
    if (publish != "none" && sent > 0) {
        fmt::format_to(out, "  published {} ({} accepted, {} rejected, {} late) over {}\n", sent, accepted,
                       rejected, late, publish);
        fmt::format_to(out, "  window {:.1f} s: {:.0f} publishes/s, {:.0f} deliveries/s\n", window_s,
                       publishes_per_s, deliveries_per_s);
        fmt::format_to(
            out,
            "  server CPU {:.2f} s user + {:.2f} s kernel ({:.0f}% of a core): {:.0f} deliveries per "
            "CPU-second\n",
            server_user_s, server_sys_s, server_cpu_util * 100, deliveries_per_cpu_s);
        fmt::format_to(
            out, "  latency us: p50 {:.0f}  p90 {:.0f}  p99 {:.0f}  p99.9 {:.0f}  max {:.0f}  ({} samples)\n",
            latency.p50, latency.p90, latency.p99, latency.p999, latency.max, latency.count);
        fmt::format_to(out, "  loss: {} of {} ({:.4f}%){}; load generator CPU {:.0f}%\n", lost, expected,
                       loss_ratio * 100, drained ? "" : " (drain timed out)", loadgen_cpu_util * 100);
        if (!first_rejection.empty()) fmt::format_to(out, "  first rejected publish: {}\n", first_rejection);
        if (!publisher_failure.empty()) fmt::format_to(out, "  publisher failure: {}\n", publisher_failure);
    }
    if (window_s > 0)
        fmt::format_to(
            out, "  steal {:.2f}%, other processes {:.2f}% of the machine's CPU time during the window\n",
            steal_pct, other_cpu_pct);
    if (aborted) fmt::format_to(out, "  ABORTED: {}\n", abort_reason);
    return o;
}

}  // namespace ordercast::bench

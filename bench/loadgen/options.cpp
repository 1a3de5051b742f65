#include "bench/loadgen/options.hpp"

#include <arpa/inet.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <iostream>

namespace ordercast::bench {

std::string loadgen_options::channel_name(std::uint32_t index) const {
    return channel_prefix + std::to_string(index) + channel_suffix;
}

std::string loadgen_options::subscribe_channel_name(std::uint32_t index) const {
    if (subscribe_prefix.empty()) return channel_name(index);
    return subscribe_prefix + std::to_string(index) + channel_suffix;
}

namespace {

bool is_loopback_v4(const std::string& addr) {
    in_addr a{};
    if (::inet_pton(AF_INET, addr.c_str(), &a) != 1) return false;
    return (ntohl(a.s_addr) >> 24) == 127;
}

}  // namespace

std::string validate(const loadgen_options& o) {
    if (!is_loopback_v4(o.host))
        return "E_TARGET: --host must be an IPv4 loopback address (127.x.y.z); this harness only loads this "
               "machine";
    for (const auto& a : o.source_addrs)
        if (!is_loopback_v4(a))
            return "E_SOURCE: --source-addrs takes IPv4 loopback addresses only (127.x.y.z), got " + a;
    if (o.source_addrs.empty()) return "E_SOURCE: give at least one --source-addrs address";
    if (o.port == 0) return "E_PORT: give the server's port with --port";
    if (o.channels == 0 || o.channels > o.connections)
        return "E_CHANNELS: --channels must be between 1 and --connections";
    if (o.publish != publish_mode::none && (o.publishers == 0 || o.window == 0))
        return "E_WINDOW: --publishers and --window must be at least 1 when publishing";
    if (o.window < o.publishers) return "E_WINDOW: --window must be at least --publishers";
    if (o.rate < 0) return "E_RATE: --rate must be 0 (maximum) or a positive number of publishes per second";
    if (o.duration_s <= 0 || o.duration_s > 3600)
        return "E_DURATION: --duration must be in (0, 3600] seconds";
    if (o.connect_timeout_s <= 0 || o.connect_timeout_s > 3600)
        return "E_DURATION: --connect-timeout must be in (0, 3600] seconds";
    for (char c : o.channel_prefix + o.channel_suffix + o.subscribe_prefix)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '_' || c == '.' || c == '-' ||
              c == '@'))
            return "E_CHANNELS: --channel-prefix/--channel-suffix/--subscribe-prefix may use letters, digits "
                   "and : _ . - @ only";
    return {};
}

std::optional<loadgen_options> parse_options(int argc, char** argv, int& exit_code) {
    loadgen_options o;
    std::string dialect = "v1";
    std::string publish = "http";
    CLI::App app{
        "ordercast load generator: subscribers, publishers, latency, server CPU and memory (loopback only)"};
    app.add_option("--host", o.host, "server address (IPv4 loopback)");
    app.add_option("--port", o.port, "server port")->required();
    app.add_option("--ws-path", o.ws_path,
                   "WebSocket request target, e.g. /v1 or /socket.io/?EIO=4&transport=websocket");
    app.add_option("--token", o.token, "token sent as ?token= on every subscriber");
    app.add_option("--dialect", dialect, "v1 | socketio");
    app.add_option("--source-addrs", o.source_addrs,
                   "local IPv4 loopback addresses subscribers bind to, round-robin")
        ->delimiter(',');
    app.add_option("--connections", o.connections, "subscriber connections");
    app.add_option("--channels", o.channels, "channels; subscriber i joins channel i % channels");
    app.add_option("--channel-prefix", o.channel_prefix, "channel name prefix");
    app.add_option("--channel-suffix", o.channel_suffix, "channel name suffix");
    app.add_option("--subscribe-prefix", o.subscribe_prefix,
                   "channel name prefix subscribers use (default: --channel-prefix), for a dialect that "
                   "spells channels otherwise than the publish API");
    app.add_option("--connect-concurrency", o.connect_concurrency, "upgrades in progress at once");
    app.add_option("--publish", publish, "none | http | ws");
    app.add_option("--publish-path", o.publish_path, "HTTP publish path");
    app.add_option("--publish-token", o.publish_token, "Bearer token for HTTP publishes (default: --token)");
    app.add_option("--rate", o.rate, "publishes per second; 0 = maximum within the window");
    app.add_option("--publishers", o.publishers, "publishing connections");
    app.add_option("--window", o.window, "HTTP publishes awaiting an answer, in total");
    app.add_option("--max-backlog", o.max_backlog,
                   "deliveries due but not received before publishing pauses; 0 = auto");
    app.add_option("--pad-bytes", o.pad_bytes, "filler bytes in each message");
    app.add_option("--connect-timeout", o.connect_timeout_s,
                   "seconds allowed for all subscribers to subscribe");
    app.add_option("--settle", o.settle_s, "idle seconds before the memory reading");
    app.add_option("--warmup", o.warmup_s, "seconds of publishing before measuring");
    app.add_option("--duration", o.duration_s, "seconds measured");
    app.add_option("--drain", o.drain_s, "seconds at most to wait for the last deliveries");
    app.add_option("--server-pid", o.server_pid, "server process to read RSS and CPU time from");
    app.add_option("--json", o.json_path, "write the result as JSON to this file");
    app.add_option("--label", o.label, "free text copied into the result");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        exit_code = app.exit(e);
        return std::nullopt;
    }
    auto d = parse_dialect(dialect);
    if (!d) {
        std::cerr << "E_DIALECT: --dialect must be v1 or socketio\n";
        exit_code = 2;
        return std::nullopt;
    }
    o.dialect = *d;
    if (publish == "none") {
        o.publish = publish_mode::none;
    } else if (publish == "http") {
        o.publish = publish_mode::http;
    } else if (publish == "ws") {
        o.publish = publish_mode::ws;
    } else {
        std::cerr << "E_PUBLISH: --publish must be none, http or ws\n";
        exit_code = 2;
        return std::nullopt;
    }
    if (o.publish_token.empty()) o.publish_token = o.token;
    if (std::string err = validate(o); !err.empty()) {
        std::cerr << err << "\n";
        exit_code = 2;
        return std::nullopt;
    }
    exit_code = 0;
    return o;
}

}  // namespace ordercast::bench

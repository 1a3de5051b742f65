#include "cli/order_watch.hpp"

#include <simdjson.h>

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "cli/order_format.hpp"
#include "cli/ws_client.hpp"
#include "core/json_writer.hpp"

namespace ordercast::cli {
namespace {

using clock = tcp_connection::clock;

std::string_view field(simdjson::dom::element e, const char* pointer) {
    std::string_view s;
    if (e.at_pointer(pointer).get_string().get(s) != simdjson::SUCCESS) return {};
    return s;
}

}  // namespace

int watch(const server_url& url, const std::string& token, const watch_options& options, std::ostream& out) {
    const std::optional<clock::time_point> deadline =
        options.timeout.count() > 0 ? std::optional(clock::now() + options.timeout) : std::nullopt;
    ws_client ws(url, token);
    simdjson::dom::parser parser;
    auto first = ws.read(deadline);
    if (!first) return 0;
    simdjson::dom::element established;
    if (parser.parse(*first).get(established) != simdjson::SUCCESS || field(established, "/type") == "error")
        throw cli_error(fmt::format("the server refused the connection: {}", *first));

    std::string subscribe;
    core::json_writer w(subscribe);
    w.begin_object().field("type", "subscribe").key("data").begin_object().key("channels").begin_array();
    for (const auto& c : options.channels) w.string(c);
    w.end_array().end_object().end_object();
    ws.send_text(subscribe);

    int events = 0;
    std::vector<std::string> watched;  // canonical names, as the server confirmed them
    for (;;) {
        auto frame = ws.read(deadline);
        if (!frame) break;
        simdjson::dom::element f;
        if (parser.parse(*frame).get(f) != simdjson::SUCCESS) continue;
        const std::string_view type = field(f, "/type");
        if (type == "subscription_confirmed") {
            simdjson::dom::array failed;
            if (f.at_pointer("/data/failed").get_array().get(failed) == simdjson::SUCCESS &&
                failed.size() > 0) {
                simdjson::dom::element first_failure = *failed.begin();
                throw cli_error(fmt::format("cannot watch {}: {}; check the token's role and site",
                                            field(first_failure, "/channel"),
                                            field(first_failure, "/reason")));
            }
            simdjson::dom::array granted;
            if (f.at_pointer("/data/channels").get_array().get(granted) == simdjson::SUCCESS)
                for (simdjson::dom::element c : granted) watched.emplace_back(c.get_string().value_unsafe());
            out << fmt::format("watching {} (Ctrl-C to stop)\n", fmt::join(watched, ", ")) << std::flush;
            continue;
        }
        if (type == "error") throw cli_error(fmt::format("the server reported an error: {}", *frame));
        if (type == "pong" || type == "token_expiring" || type == "message_acknowledged") continue;
        bool requires_ack = false;
        if (f["requiresAck"].get_bool().get(requires_ack) == simdjson::SUCCESS && requires_ack) {
            std::string ack;
            core::json_writer a(ack);
            a.begin_object().field("type", "ack").key("data").begin_object().key("messageIds").begin_array();
            a.string(field(f, "/messageId")).end_array().end_object().end_object();
            ws.send_text(ack);
        }
        // Channels joined automatically on connect (a customer's own orders, a user's
        // notifications) are not what was asked to watch.
        const std::string_view channel = field(f, "/channel");
        if (std::find(watched.begin(), watched.end(), channel) == watched.end()) continue;
        if (options.json)
            out << *frame << "\n";
        else if (options.print)
            options.print(out, *frame);
        else
            print_event_line(out, *frame);
        out << std::flush;
        if (options.max_events > 0 && ++events >= options.max_events) break;
    }
    ws.close();
    return 0;
}

}  // namespace ordercast::cli

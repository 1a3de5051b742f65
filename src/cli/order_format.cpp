#include "cli/order_format.hpp"

#include <simdjson.h>

#include <algorithm>

#include <fmt/format.h>

namespace ordercast::cli {
namespace {

simdjson::dom::parser& parser() {
    thread_local simdjson::dom::parser p;
    return p;
}

std::string_view text(simdjson::dom::element e, std::string_view key, std::string_view fallback = "-") {
    std::string_view s;
    if (e[key].get_string().get(s) != simdjson::SUCCESS || s.empty()) return fallback;
    return s;
}

long integer(simdjson::dom::element e, std::string_view key, long fallback = 0) {
    std::int64_t v = 0;
    if (e[key].get_int64().get(v) != simdjson::SUCCESS) return fallback;
    return static_cast<long>(v);
}

std::string order_line(simdjson::dom::element o, std::string_view id_key) {
    return fmt::format(
        "{:<36}  {:<10} {:<12} {:<7} site {:<8} station {:<8} customer {:<10} assignee {:<8} {} v{}",
        text(o, id_key), text(o, "number"), text(o, "status"), text(o, "priority"), text(o, "siteId"),
        text(o, "stationId"), text(o, "customerId"), text(o, "assigneeId"),
        progress_bar(integer(o, "progress")), integer(o, "version"));
}

}  // namespace

std::string progress_bar(long percent) {
    percent = std::clamp(percent, 0L, 100L);
    const long filled = percent / 10;
    return fmt::format("[{}{}] {:>3}%", std::string(static_cast<std::size_t>(filled), '#'),
                       std::string(static_cast<std::size_t>(10 - filled), ' '), percent);
}

void print_order_line(std::ostream& out, std::string_view order_json) {
    simdjson::dom::element o;
    if (parser().parse(order_json.data(), order_json.size(), true).get(o) != simdjson::SUCCESS) {
        out << order_json << "\n";
        return;
    }
    out << order_line(o, "id") << "\n";
}

void print_order_table(std::ostream& out, std::string_view page_json, bool header) {
    simdjson::dom::element page;
    simdjson::dom::array orders;
    if (parser().parse(page_json.data(), page_json.size(), true).get(page) != simdjson::SUCCESS ||
        page["orders"].get_array().get(orders) != simdjson::SUCCESS) {
        out << page_json << "\n";
        return;
    }
    if (header) out << fmt::format("{:<36}  {:<10} {:<12} {:<7}\n", "ID", "NUMBER", "STATUS", "PRIORITY");
    for (simdjson::dom::element o : orders) out << order_line(o, "id") << "\n";
}

void print_event_line(std::ostream& out, std::string_view frame_json) {
    simdjson::dom::element f;
    if (parser().parse(frame_json.data(), frame_json.size(), true).get(f) != simdjson::SUCCESS) {
        out << frame_json << "\n";
        return;
    }
    const std::string_view type = text(f, "type", "?");
    simdjson::dom::element d;
    if (f["data"].get(d) != simdjson::SUCCESS) {
        out << fmt::format("{}  {}\n", text(f, "timestamp"), type);
        return;
    }
    std::string what;
    if (type == "order_status_changed")
        what = fmt::format("{} -> {} by {}", text(d, "previousStatus"), text(d, "currentStatus"),
                           text(d, "updatedBy"));
    else if (type == "order_progress")
        what = fmt::format("{} {}", progress_bar(integer(d, "progress")), text(d, "stage", ""));
    else if (type == "order_priority_changed")
        what = fmt::format("priority {} -> {}", text(d, "previousPriority"), text(d, "currentPriority"));
    else if (type == "order_assigned")
        what = fmt::format("station {} assignee {}", text(d, "stationId"), text(d, "assigneeId"));
    else if (type == "order_note_added")
        what = fmt::format("note by {}: {}", text(d, "addedBy"), text(d, "note"));
    else if (type == "order_created")
        what = fmt::format("{} customer {} site {}", text(d, "status"), text(d, "customerId"),
                           text(d, "siteId"));
    else if (type == "order_cancelled")
        what = fmt::format("by {} {}", text(d, "cancelledBy"), text(d, "reason", ""));
    else
        what = simdjson::minify(d);
    std::string_view message = text(d, "message", "");
    out << fmt::format("{}  {:<22} order {}  {}{}{}\n", text(f, "timestamp"), type, text(d, "orderId"), what,
                       message.empty() ? "" : "  \"",
                       message.empty() ? std::string() : std::string(message) + "\"");
}

void print_error(std::ostream& out, unsigned status, std::string_view body) {
    simdjson::dom::element e;
    if (parser().parse(body.data(), body.size(), true).get(e) == simdjson::SUCCESS) {
        std::string_view code, message;
        if (e["error"]["code"].get_string().get(code) == simdjson::SUCCESS &&
            e["error"]["message"].get_string().get(message) == simdjson::SUCCESS) {
            out << fmt::format("ordercast: {} {}: {}\n", status, code, message);
            return;
        }
    }
    out << fmt::format("ordercast: the server answered {}: {}\n", status, body);
}

}  // namespace ordercast::cli

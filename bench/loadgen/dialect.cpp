#include "bench/loadgen/dialect.hpp"

#include "bench/loadgen/payload.hpp"

namespace ordercast::bench {

std::optional<dialect_kind> parse_dialect(std::string_view name) noexcept {
    if (name == "v1") return dialect_kind::v1;
    if (name == "socketio") return dialect_kind::socketio;
    return std::nullopt;
}

std::string_view dialect_name(dialect_kind kind) noexcept {
    return kind == dialect_kind::v1 ? "v1" : "socketio";
}

namespace {

bool contains(std::string_view text, std::string_view what) noexcept {
    return text.find(what) != std::string_view::npos;
}

inbound classify_v1(std::string_view text) noexcept {
    if (auto ts = find_timestamp(text)) return {inbound_kind::delivery, *ts};
    if (contains(text, "\"subscription_confirmed\"")) {
        // ordercast lists refused channels as "failed":[{"channel":..,"reason":..}].
        if (contains(text, "\"failed\":[{")) return {inbound_kind::subscribe_failed};
        return {inbound_kind::subscribed};
    }
    if (contains(text, "\"type\":\"error\"")) return {inbound_kind::error};
    return {};
}

inbound classify_socketio(std::string_view text) noexcept {
    if (text.size() >= 2 && text[0] == '4' && text[1] == '2') {
        if (auto ts = find_timestamp(text)) return {inbound_kind::delivery, *ts};
        if (text.substr(2).starts_with("[\"subscribed\"")) return {inbound_kind::subscribed};
        return {};
    }
    if (text == "2") return {inbound_kind::engine_ping};
    if (!text.empty() && text[0] == '0') return {inbound_kind::engine_open};
    if (text.starts_with("40")) return {inbound_kind::ready};
    if (text.starts_with("44") || text.starts_with("41") || text == "1") return {inbound_kind::error};
    return {};
}

}  // namespace

inbound classify_inbound(dialect_kind kind, std::string_view text) noexcept {
    return kind == dialect_kind::v1 ? classify_v1(text) : classify_socketio(text);
}

bool ready_after_upgrade(dialect_kind kind) noexcept {
    return kind == dialect_kind::v1;
}

void append_subscribe_message(std::string& out, dialect_kind kind, std::string_view channel) {
    if (kind == dialect_kind::v1) {
        out.append(R"({"type":"subscribe","data":{"channels":[")").append(channel).append("\"]}}");
    } else {
        out.append(R"(42["subscribe",")").append(channel).append("\"]");
    }
}

std::string_view namespace_connect_message() noexcept {
    return "40";
}
std::string_view engine_pong_message() noexcept {
    return "3";
}

void append_ws_publish_message(std::string& out, dialect_kind kind, std::string_view body) {
    if (kind == dialect_kind::v1) {
        out.append(R"({"type":"publish","data":)").append(body).append("}");
    } else {
        out.append(R"(42["publish",)").append(body).append("]");
    }
}

}  // namespace ordercast::bench

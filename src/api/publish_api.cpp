// POST /api/v1/publish and POST /api/v1/broadcast: the server publish API for backends.
#include <simdjson.h>

#include <fmt/format.h>

#include "api/api_context.hpp"
#include "api/router.hpp"
#include "auth/channel_name.hpp"
#include "auth/room_name.hpp"
#include "core/json_member_text.hpp"
#include "core/json_writer.hpp"
#include "hub/hub.hpp"

namespace ordercast::api {
namespace {

using core::error_code;

constexpr std::size_t k_max_type_length = 64;
constexpr std::size_t k_max_broadcast_channels = 1000;

bool valid_type(std::string_view t) {
    if (t.empty() || t.size() > k_max_type_length) return false;
    for (char c : t) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == ':' || c == '.' || c == '-';
        if (!ok) return false;
    }
    return true;
}

// Parses the common fields; on failure returns the 400 response.
struct publish_body {
    std::string type;
    std::string data;  // minified JSON
    bool critical = false;
};

// `data` as compact JSON. Minifying the member's text as sent costs a fraction of writing the
// parsed tree out again; the tree is the fallback when the text cannot be located.
void minify_data(std::string_view body, simdjson::dom::element data, std::string& out) {
    if (auto text = core::find_member_text(body, "data")) {
        out.resize(text->size());
        std::size_t length = 0;
        if (simdjson::minify(text->data(), text->size(), out.data(), length) == simdjson::SUCCESS) {
            out.resize(length);
            return;
        }
    }
    out = simdjson::minify(data);
}

// `body` is the request's text, which `obj` was parsed from.
std::optional<response> read_common(std::string_view body, simdjson::dom::object obj, publish_body& out) {
    std::string_view type;
    if (obj["type"].get_string().get(type) != simdjson::SUCCESS || !valid_type(type))
        return error_response(error_code::invalid_message,
                              "\"type\" must be 1-64 characters of letters, digits, '_', ':', '.', '-'");
    out.type = type;
    simdjson::dom::element data;
    auto data_field = obj["data"];
    if (data_field.error() == simdjson::NO_SUCH_FIELD)
        out.data = "{}";
    else if (data_field.get(data) == simdjson::SUCCESS && data.is_object())
        minify_data(body, data, out.data);
    else
        return error_response(error_code::invalid_message, "\"data\" must be a JSON object");
    bool critical = false;
    auto critical_field = obj["critical"];
    if (critical_field.error() != simdjson::NO_SUCH_FIELD) {
        if (critical_field.get_bool().get(critical) != simdjson::SUCCESS)
            return error_response(error_code::invalid_message, "\"critical\" must be true or false");
    }
    out.critical = critical;
    return std::nullopt;
}

std::optional<response> parse_object(const request& req, simdjson::dom::parser& parser,
                                     simdjson::dom::object& obj) {
    simdjson::dom::element root;
    if (parser.parse(req.body.data(), req.body.size(), true).get(root) != simdjson::SUCCESS)
        return error_response(error_code::invalid_message, "the body is not valid JSON");
    if (root.get_object().get(obj) != simdjson::SUCCESS)
        return error_response(error_code::invalid_message, "the body must be a JSON object");
    return std::nullopt;
}

// The request parser of this thread: a publish allocates nothing for parsing once warm.
simdjson::dom::parser& thread_parser() {
    thread_local simdjson::dom::parser parser;
    return parser;
}

// A room as the manufacturing system's backends name it (branch:{site}, user:{id}, role:{role}:{site},
// order:{id}, or any channel) to the channel a broadcast to it goes to.
std::optional<response> room_channel(std::string_view room, std::string& canonical) {
    auto target = auth::resolve_room(room);
    if (!target)
        return error_response(
            error_code::invalid_message,
            fmt::format("'{}' is not a room: use branch:{{site}}, user:{{id}}, role:{{role}}:{{site}}, "
                        "order:{{id}} or a channel name (docs/protocol.md)",
                        room));
    canonical = std::move(target->publish);
    return std::nullopt;
}

std::optional<response> canonical_channel(std::string_view requested, std::string& canonical) {
    auto parsed = auth::parse_channel(requested);
    if (!parsed)
        return error_response(error_code::invalid_message,
                              fmt::format("'{}' is not a channel ({}); see docs/protocol.md", requested,
                                          auth::to_string(parsed.error())));
    canonical = parsed.value().str();
    return std::nullopt;
}

response publish(const request& req, api_context& ctx) {
    simdjson::dom::object obj;
    if (auto bad = parse_object(req, thread_parser(), obj)) return *bad;
    std::string_view channel, room;
    const bool by_channel = obj["channel"].get_string().get(channel) == simdjson::SUCCESS;
    const bool by_room = obj["room"].get_string().get(room) == simdjson::SUCCESS;
    if (by_channel == by_room)
        return error_response(
            error_code::invalid_message,
            "name either \"channel\" (a channel name) or \"room\" (a room of docs/protocol.md)");
    std::string canonical;
    if (auto bad = by_channel ? canonical_channel(channel, canonical) : room_channel(room, canonical))
        return *bad;
    publish_body body;
    if (auto bad = read_common(req.body, obj, body)) return *bad;
    hub::event_ptr ev =
        ctx.hub.publish({std::move(canonical), std::move(body.type), std::move(body.data), body.critical});
    std::string out;
    core::json_writer w(out);
    w.begin_object()
        .field("messageId", ev->message_id)
        .field("channel", ev->channel)
        .field("seq", ev->seq)
        .field("epoch", ev->epoch)
        .field("requiresAck", ev->requires_ack)
        .end_object();
    return json_response(200, std::move(out));
}

response broadcast(const request& req, api_context& ctx) {
    simdjson::dom::object obj;
    if (auto bad = parse_object(req, thread_parser(), obj)) return *bad;
    simdjson::dom::array channels;
    const bool by_rooms = obj["channels"].error() == simdjson::NO_SUCH_FIELD;
    const std::string_view list = by_rooms ? "rooms" : "channels";
    if (obj[list].get_array().get(channels) != simdjson::SUCCESS || channels.size() == 0 ||
        channels.size() > k_max_broadcast_channels)
        return error_response(
            error_code::invalid_message,
            fmt::format("\"channels\" (channel names) or \"rooms\" (rooms) must be an array of 1-{} "
                        "names",
                        k_max_broadcast_channels));
    std::vector<std::string> canonical;
    for (simdjson::dom::element item : channels) {
        std::string_view name;
        if (item.get_string().get(name) != simdjson::SUCCESS)
            return error_response(error_code::invalid_message, fmt::format("\"{}\" must hold strings", list));
        std::string c;
        if (auto bad = by_rooms ? room_channel(name, c) : canonical_channel(name, c)) return *bad;
        // Two rooms of one channel (branch:s1 and site:s1:general) publish once.
        if (std::find(canonical.begin(), canonical.end(), c) == canonical.end())
            canonical.push_back(std::move(c));
    }
    publish_body body;
    if (auto bad = read_common(req.body, obj, body)) return *bad;
    std::string out;
    core::json_writer w(out);
    w.begin_object().key("published").begin_array();
    for (auto& c : canonical) {
        hub::event_ptr ev = ctx.hub.publish({std::move(c), body.type, body.data, body.critical});
        w.begin_object()
            .field("channel", ev->channel)
            .field("seq", ev->seq)
            .field("messageId", ev->message_id)
            .end_object();
    }
    w.end_array().end_object();
    return json_response(200, std::move(out));
}

}  // namespace

void add_publish_routes(router& r, api_context& ctx) {
    constexpr access k_publishers =
        access::roles({auth::role::service, auth::role::admin},
                      "publishing needs a token whose role is 'service' or 'admin'");
    r.add({.method = "POST",
           .path = "/api/v1/publish",
           .who = k_publishers,
           .request_schema = "PublishRequest",
           .response_schema = "PublishResult",
           .summary = "Publish one event to a channel (or a room)"},
          [&ctx](request& req, const caller&) { return publish(req, ctx); });
    r.add({.method = "POST",
           .path = "/api/v1/broadcast",
           .who = k_publishers,
           .request_schema = "BroadcastRequest",
           .response_schema = "BroadcastResult",
           .summary = "Publish the same event to up to 1000 channels (or rooms), in order"},
          [&ctx](request& req, const caller&) { return broadcast(req, ctx); });
}

}  // namespace ordercast::api

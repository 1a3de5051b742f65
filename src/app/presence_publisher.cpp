#include "app/presence_publisher.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "core/json_writer.hpp"

namespace ordercast::app {
namespace {

// A failed publish is logged: a connection opens or closes whatever happens to its news.
void publish(domain::event_sink& events, std::string_view site, std::string_view type,
             std::string data) noexcept {
    try {
        events.publish({fmt::format("site:{}:general", site), std::string(type), std::move(data), false});
    } catch (const std::exception& e) {
        spdlog::error("presence: a {} event was not published: {}", type, e.what());
    }
}

}  // namespace

void presence_publisher::on_arrived(const std::string& user_id, const std::string& site,
                                    std::string_view role) {
    if (site.empty()) return;
    std::string data;
    core::json_writer w(data);
    w.begin_object().field("userId", user_id).field("role", role).field("siteId", site);
    w.key("connectedAt").timestamp(core::unix_ms()).end_object();
    publish(events_, site, "user_connected", std::move(data));
}

void presence_publisher::on_left(const std::string& user_id, const std::string& site, std::string_view role,
                                 std::int64_t connected_ms) {
    if (site.empty()) return;
    std::string data;
    core::json_writer w(data);
    w.begin_object().field("userId", user_id).field("role", role).field("siteId", site);
    w.field("durationMs", connected_ms).end_object();
    publish(events_, site, "user_disconnected", std::move(data));
}

}  // namespace ordercast::app

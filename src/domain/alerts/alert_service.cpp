#include "domain/alerts/alert_service.hpp"

#include <simdjson.h>

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "auth/channel_name.hpp"
#include "core/clock.hpp"
#include "core/json_writer.hpp"
#include "core/uuid.hpp"
#include "domain/order_service.hpp"
#include "domain/store_guard.hpp"
#include "store/store.hpp"
#include "store/store_error.hpp"

namespace ordercast::domain::alerts {
namespace {

using core::error_code;
using store::alert_record;
using store::tx_mode;

constexpr std::string_view k_severities[] = {"info", "warning", "critical"};
constexpr std::size_t k_max_message = 2000;
constexpr std::size_t k_max_details = 8192;

domain_error not_found(std::string_view id) {
    return domain::fail(error_code::not_found,
                        fmt::format("alert '{}' does not exist or is not yours to see", id));
}

bool may_handle_site(const auth::principal& who, std::string_view site) noexcept {
    if (auth::is_privileged(who.role)) return true;
    return auth::is_staff(who.role) && !who.site.empty() && who.site == site;
}

std::string alerts_channel(std::string_view site) {
    return fmt::format("site:{}:alerts", site);
}

// Names the server writes into alert JSON and events: extra fields may not reuse them (a
// duplicate key, or a spoofed `rule` or `acknowledgedBy`).
bool is_server_field(std::string_view key) {
    static constexpr std::string_view k_names[] = {
        "id",       "alertId",        "state",          "createdAt",  "rule",
        "raisedBy", "acknowledgedBy", "acknowledgedAt", "resolvedBy", "resolvedAt",
        "severity", "category",       "message",        "site",       "suggestedActions"};
    return std::find(std::begin(k_names), std::end(k_names), key) != std::end(k_names);
}

// The details object's members, spliced into the enclosing object ("{}" adds nothing).
void splice_details(core::json_writer& w, std::string_view details) {
    if (details.size() <= 2) return;
    w.raw(details.substr(1, details.size() - 2));
}

std::string raised_event(const alert_record& a) {
    std::string out;
    core::json_writer w(out);
    w.begin_object().field("alertId", a.id).field("severity", a.severity).field("category", a.category);
    w.field("message", a.message).field("site", a.site_id).field("state", a.state);
    if (!a.rule_key.empty()) w.field("rule", a.rule_key.substr(0, a.rule_key.find(':')));
    w.key("createdAt").timestamp(a.created_at_ms);
    if (a.suggested_actions.size() > 2) w.key("suggestedActions").raw(a.suggested_actions);
    splice_details(w, a.details);
    w.end_object();
    return out;
}

std::string moved_event(const alert_record& a) {
    std::string out;
    core::json_writer w(out);
    w.begin_object().field("alertId", a.id).field("site", a.site_id).field("state", a.state);
    if (a.state == k_state_acknowledged) {
        w.field("acknowledgedBy", a.acknowledged_by).key("acknowledgedAt").timestamp(a.acknowledged_at_ms);
    } else {
        w.field("resolvedBy", a.resolved_by).key("resolvedAt").timestamp(a.resolved_at_ms);
    }
    w.end_object();
    return out;
}

// Called after the commit and while the store's writer is still held, so events leave in
// commit order (an acknowledgement never overtakes the alert it acknowledges). The change
// stands whatever happens here: a failed publish is logged, not answered as a failure.
void publish(event_sink& events, const alert_record& a, bool raised) noexcept {
    try {
        if (raised)
            events.publish({alerts_channel(a.site_id), "alert", raised_event(a), false});
        else
            events.publish({alerts_channel(a.site_id),
                            a.state == k_state_acknowledged ? "alert_acknowledged" : "alert_resolved",
                            moved_event(a), false});
    } catch (const std::exception& e) {
        spdlog::error("alerts: the change of '{}' was committed but not published: {}", a.id, e.what());
    }
}

}  // namespace

// ---------------------------------------------------------------------------------------
// parsing and rendering
// ---------------------------------------------------------------------------------------
outcome<alert_draft> parse_alert_draft(std::string_view body) {
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    simdjson::dom::object obj;
    if (parser.parse(body.data(), body.size(), true).get(root) != simdjson::SUCCESS ||
        root.get_object().get(obj) != simdjson::SUCCESS)
        return domain::fail(error_code::invalid_message, "the body must be a JSON object");
    alert_draft d;
    std::string extra;
    core::json_writer w(extra);
    w.begin_object();
    for (auto [key, value] : obj) {
        std::string_view s;
        auto text = [&](std::string& out, std::size_t max) -> std::optional<domain_error> {
            if (value.get_string().get(s) != simdjson::SUCCESS)
                return domain::fail(error_code::invalid_message, fmt::format("\"{}\" must be a string", key));
            if (s.empty() || s.size() > max)
                return domain::fail(error_code::invalid_value,
                                    fmt::format("\"{}\" must be 1-{} characters", key, max));
            out = s;
            return std::nullopt;
        };
        std::optional<domain_error> e;
        if (key == "severity")
            e = text(d.severity, 20);
        else if (key == "category")
            e = text(d.category, 100);
        else if (key == "message")
            e = text(d.message, k_max_message);
        else if (key == "site")
            e = text(d.site_id, 128);
        else if (key == "suggestedActions") {
            simdjson::dom::array actions;
            if (value.get_array().get(actions) != simdjson::SUCCESS)
                return domain::fail(error_code::invalid_message,
                                    "\"suggestedActions\" must be an array of strings");
            d.suggested_actions.clear();
            core::json_writer a(d.suggested_actions);
            a.begin_array();
            for (auto item : actions) {
                if (item.get_string().get(s) != simdjson::SUCCESS || s.size() > 200)
                    return domain::fail(
                        error_code::invalid_value,
                        "\"suggestedActions\" items must be strings of at most 200 characters");
                a.string(s);
            }
            a.end_array();
        } else if (is_server_field(key)) {
            return domain::fail(error_code::invalid_message, fmt::format("\"{}\" is set by the server", key));
        } else {
            w.key(key).raw(simdjson::minify(value));
        }
        if (e) return *e;
    }
    w.end_object();
    if (d.severity.empty() || d.category.empty() || d.message.empty() || d.site_id.empty())
        return domain::fail(error_code::invalid_message,
                            "\"severity\", \"category\", \"message\" and \"site\" are required");
    if (!auth::is_valid_channel_id(d.site_id))
        return domain::fail(error_code::invalid_value,
                            "\"site\" must be 1-128 characters of A-Z a-z 0-9 _ . @ -");
    if (std::find(std::begin(k_severities), std::end(k_severities), d.severity) == std::end(k_severities))
        return domain::fail(error_code::invalid_value, "\"severity\" must be info, warning or critical");
    if (extra.size() > k_max_details)
        return domain::fail(
            error_code::message_too_large,
            fmt::format("the alert's extra fields exceed {} bytes; send less detail", k_max_details));
    d.details = std::move(extra);
    return d;
}

std::string alert_json(const alert_record& a) {
    std::string out;
    core::json_writer w(out);
    w.begin_object().field("id", a.id).field("site", a.site_id).field("severity", a.severity);
    w.field("category", a.category).field("message", a.message).field("state", a.state);
    w.key("details").raw(a.details).key("suggestedActions").raw(a.suggested_actions);
    w.field_or_null("rule", std::string_view(a.rule_key).substr(0, a.rule_key.find(':')));
    w.field("raisedBy", a.raised_by).key("createdAt").timestamp(a.created_at_ms);
    w.field_or_null("acknowledgedBy", a.acknowledged_by);
    w.timestamp_or_null("acknowledgedAt", a.acknowledged_at_ms);
    w.field_or_null("resolvedBy", a.resolved_by);
    w.timestamp_or_null("resolvedAt", a.resolved_at_ms);
    w.end_object();
    return out;
}

// ---------------------------------------------------------------------------------------
// the API's calls
// ---------------------------------------------------------------------------------------
alert_service::alert_service(store::store& store, event_sink& events, const core::clock& clock)
    : store_(store), events_(events), clock_(clock) {}

outcome<alert_record> alert_service::raise(const auth::principal& who, const alert_draft& d,
                                           const idempotency* idem, bool* replayed) {
    if (!may_handle_site(who, d.site_id))
        return domain::fail(error_code::insufficient_permissions,
                            "only staff of the alert's site, services and admins may raise alerts for it");
    alert_record a{core::new_id(),
                   d.site_id,
                   d.severity,
                   d.category,
                   d.message,
                   d.details,
                   d.suggested_actions,
                   {},
                   std::string(k_state_open),
                   who.user_id,
                   clock_.now_ms()};
    return guarded("raise the alert", [&]() -> outcome<alert_record> {
        auto uow = store_.begin(tx_mode::write);
        // The key remembers the alert's id; a replay answers the alert as it is now.
        auto earlier = find_earlier_request(*uow, who, idem, "alert");
        if (!earlier) return earlier.error();
        if (*earlier) {
            if (auto first = uow->alerts().find((*earlier)->response_body)) {
                if (replayed) *replayed = true;
                return std::move(*first);
            }
        }
        uow->alerts().insert(a);
        remember_answer(*uow, who, idem, 201, a.id, a.created_at_ms);
        uow->commit();
        publish(events_, a, true);
        return a;
    });
}

outcome<std::vector<alert_record>> alert_service::list(const auth::principal& who, store::alert_filter f) {
    if (!f.state.empty() && f.state != k_state_open && f.state != k_state_acknowledged &&
        f.state != k_state_resolved)
        return domain::fail(error_code::invalid_value, "state must be open, acknowledged or resolved");
    if (f.limit < 1 || f.limit > 1000)
        return domain::fail(error_code::invalid_value, "limit must be between 1 and 1000");
    if (!auth::is_privileged(who.role)) {
        if (!auth::is_staff(who.role) || who.site.empty())
            return domain::fail(error_code::insufficient_permissions,
                                "alerts are for staff of a site and admins");
        if (!f.site_id.empty() && f.site_id != who.site)
            return domain::fail(
                error_code::insufficient_permissions,
                fmt::format("you work at site '{}' and cannot list site '{}'", who.site, f.site_id));
        f.site_id = who.site;
    }
    return guarded("list alerts", [&]() -> outcome<std::vector<alert_record>> {
        return store_.begin(tx_mode::read)->alerts().list(f);
    });
}

outcome<alert_record> alert_service::get(const auth::principal& who, std::string_view id) {
    return guarded("read the alert", [&]() -> outcome<alert_record> {
        auto a = store_.begin(tx_mode::read)->alerts().find(id);
        if (!a || !may_handle_site(who, a->site_id)) return not_found(id);
        return std::move(*a);
    });
}

outcome<alert_record> alert_service::acknowledge(const auth::principal& who, std::string_view id) {
    return move(who, id, k_state_acknowledged);
}

outcome<alert_record> alert_service::resolve(const auth::principal& who, std::string_view id) {
    return move(who, id, k_state_resolved);
}

outcome<alert_record> alert_service::move(const auth::principal& who, std::string_view id,
                                          std::string_view to) {
    return guarded("update the alert", [&]() -> outcome<alert_record> {
        auto uow = store_.begin(tx_mode::write);
        auto found = uow->alerts().find(id);
        if (!found || !may_handle_site(who, found->site_id)) return not_found(id);
        alert_record a = std::move(*found);
        const bool allowed =
            to == k_state_acknowledged ? a.state == k_state_open : a.state != k_state_resolved;
        if (!allowed)
            return domain::fail(error_code::invalid_alert_state,
                                fmt::format("alert '{}' is {} and cannot become {}", a.id, a.state, to),
                                fmt::format(R"({{"state":"{}"}})", a.state));
        const std::int64_t now = clock_.now_ms();
        a.state = to;
        if (to == k_state_acknowledged) {
            a.acknowledged_by = who.user_id;
            a.acknowledged_at_ms = now;
        } else {
            a.resolved_by = who.user_id;
            a.resolved_at_ms = now;
        }
        uow->alerts().update_state(a);
        uow->commit();
        publish(events_, a, false);
        return a;
    });
}

// ---------------------------------------------------------------------------------------
// the rules engine's calls
// ---------------------------------------------------------------------------------------
bool alert_service::raise_for_rule(const std::string& rule_key, const alert_draft& d) {
    auto uow = store_.begin(tx_mode::write);
    for (const auto& a : uow->alerts().list_unresolved_rule_alerts())
        if (a.rule_key == rule_key) return false;
    const std::string rule = rule_key.substr(0, rule_key.find(':'));
    const alert_record raised{core::new_id(),      d.site_id,      d.severity,
                              d.category,          d.message,      d.details,
                              d.suggested_actions, rule_key,       std::string(k_state_open),
                              "rule:" + rule,      clock_.now_ms()};
    uow->alerts().insert(raised);
    uow->commit();
    publish(events_, raised, true);
    return true;
}

int alert_service::resolve_rule_alerts_except(const std::vector<std::string>& firing) {
    std::vector<alert_record> resolved;
    auto uow = store_.begin(tx_mode::write);
    const std::int64_t now = clock_.now_ms();
    for (auto& a : uow->alerts().list_unresolved_rule_alerts()) {
        if (std::binary_search(firing.begin(), firing.end(), a.rule_key)) continue;
        a.state = k_state_resolved;
        a.resolved_by = "rule:" + a.rule_key.substr(0, a.rule_key.find(':'));
        a.resolved_at_ms = now;
        uow->alerts().update_state(a);
        resolved.push_back(std::move(a));
    }
    uow->commit();
    for (const auto& a : resolved) publish(events_, a, false);
    return static_cast<int>(resolved.size());
}

}  // namespace ordercast::domain::alerts

#include "domain/floor/floor_service.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "auth/channel_name.hpp"
#include "core/json_writer.hpp"
#include "domain/floor/floor_events.hpp"
#include "domain/store_guard.hpp"
#include "store/store.hpp"

namespace ordercast::domain::floor {
namespace {

using core::error_code;
using store::staff_record;
using store::station_record;
using store::tx_mode;

constexpr int k_max_affected_orders = 100;

domain_error station_not_found(std::string_view id) {
    return fail(error_code::not_found, fmt::format("station '{}' does not exist or is not yours to see", id));
}

domain_error staff_not_found(std::string_view id) {
    return fail(error_code::not_found,
                fmt::format("staff member '{}' does not exist or is not yours to see; a member of staff "
                            "appears when they first set their own status",
                            id));
}

bool same_site(const auth::principal& who, std::string_view site) noexcept {
    return !who.site.empty() && who.site == site;
}

bool may_read_site(const auth::principal& who, std::string_view site) noexcept {
    return auth::is_privileged(who.role) || (auth::is_staff(who.role) && same_site(who, site));
}

bool may_manage_site(const auth::principal& who, std::string_view site) noexcept {
    return auth::is_privileged(who.role) || (who.role == auth::role::manager && same_site(who, site));
}

}  // namespace

// ---------------------------------------------------------------------------------------
// resources
// ---------------------------------------------------------------------------------------
std::string station_json(const station_view& v) {
    const station_record& s = v.station;
    std::string out;
    core::json_writer w(out);
    w.begin_object().field("id", s.id).field("siteId", s.site_id).field("kind", s.kind).field("name", s.name);
    w.field("status", s.status).field_or_null("reason", s.status_reason);
    w.field_or_null("estimatedDowntime", s.estimated_downtime);
    w.key("statusSince").timestamp(s.status_since_ms);
    w.field_or_null("operatorId", s.operator_id).timestamp_or_null("operatorSince", s.operator_since_ms);
    w.field("queueLength", v.queue_length);
    if (v.average_wait_minutes)
        w.field("averageTime", std::round(*v.average_wait_minutes * 10) / 10);
    else
        w.key("averageTime").null();
    w.field("version", s.version)
        .field("createdBy", s.created_by)
        .key("createdAt")
        .timestamp(s.created_at_ms);
    w.field("updatedBy", s.updated_by).key("updatedAt").timestamp(s.updated_at_ms);
    w.end_object();
    return out;
}

std::string staff_json(const staff_record& m) {
    std::string out;
    core::json_writer w(out);
    w.begin_object().field("id", m.id).field("siteId", m.site_id).field_or_null("name", m.name);
    w.field("role", m.role).field("status", m.status).field_or_null("stationId", m.station_id);
    if (m.status == k_on_break) {
        w.key("break").begin_object().field_or_null("breakType", m.break_type);
        w.key("startedAt").timestamp(m.break_started_at_ms);
        w.timestamp_or_null("returnTime", m.break_ends_at_ms).end_object();
    } else {
        w.key("break").null();
    }
    w.timestamp_or_null("clockedInAt", m.clocked_in_at_ms);
    if (m.shift_end_ms != 0) {
        w.key("shift").begin_object().timestamp_or_null("startTime", m.shift_start_ms);
        w.key("endTime").timestamp(m.shift_end_ms).end_object();
    } else {
        w.key("shift").null();
    }
    w.field("version", m.version)
        .field("updatedBy", m.updated_by)
        .key("updatedAt")
        .timestamp(m.updated_at_ms);
    w.end_object();
    return out;
}

// ---------------------------------------------------------------------------------------
// stations
// ---------------------------------------------------------------------------------------
floor_service::floor_service(store::store& store, event_sink& events, const core::clock& clock,
                             const orders_config& orders)
    : store_(store), events_(events), clock_(clock), orders_(orders) {}

bool floor_service::is_open_order(std::string_view status) const {
    return std::find(orders_.terminal_statuses.begin(), orders_.terminal_statuses.end(), status) ==
           orders_.terminal_statuses.end();
}

station_view floor_service::with_figures(store::unit_of_work& uow, station_record s) {
    station_view v{std::move(s), 0, std::nullopt};
    double weighted_created_at = 0;
    for (const auto& g : uow.figures().order_groups(v.station.site_id)) {
        if (g.station_id != v.station.id || !is_open_order(g.status)) continue;
        v.queue_length += g.count;
        weighted_created_at += g.average_created_at_ms * static_cast<double>(g.count);
    }
    if (v.queue_length > 0) {
        const double average_created_at = weighted_created_at / static_cast<double>(v.queue_length);
        v.average_wait_minutes =
            std::max(0.0, (static_cast<double>(clock_.now_ms()) - average_created_at) / 60000.0);
    }
    return v;
}

std::vector<std::string> floor_service::open_orders_at(store::unit_of_work& uow, const station_record& s) {
    store::order_filter f;
    f.site_id = s.site_id;
    f.station_id = s.id;
    f.limit = 1000;
    std::vector<std::string> ids;
    for (const auto& o : uow.orders().list(f)) {
        if (!is_open_order(o.status)) continue;
        ids.push_back(o.id);
        if (ids.size() == k_max_affected_orders) break;
    }
    return ids;
}

outcome<station_put> floor_service::put_station(const auth::principal& who, std::string_view id,
                                                const station_draft& d) {
    if (!auth::is_valid_channel_id(id))
        return fail(error_code::invalid_value,
                    "a station id must be 1-128 characters of A-Z a-z 0-9 _ . @ -");
    const std::string site = d.site_id.empty() ? who.site : d.site_id;
    if (site.empty())
        return fail(error_code::invalid_message, "\"siteId\" is required (your token names no site)");
    if (!may_manage_site(who, site))
        return fail(error_code::insufficient_permissions,
                    fmt::format("only managers of site '{}', admins and services create its stations", site));
    return guarded("save the station", [&]() -> outcome<station_put> {
        auto uow = store_.begin(tx_mode::write);
        const std::int64_t now = clock_.now_ms();
        auto found = uow->stations().find(id);
        std::optional<station_record> before;
        station_record s;
        if (found) {
            if (!may_read_site(who, found->site_id)) return station_not_found(id);
            if (found->site_id != site)
                return fail(error_code::invalid_value,
                            fmt::format("station '{}' belongs to site '{}'; a station never moves site", id,
                                        found->site_id));
            before = *found;
            s = std::move(*found);
            if (s.kind == d.kind && s.name == d.name && (d.status.empty() || d.status == s.status))
                return station_put{with_figures(*uow, std::move(s)), false};
            s.kind = d.kind;
            s.name = d.name;
            if (!d.status.empty() && d.status != s.status) {
                s.status = d.status;
                s.status_since_ms = now;
            }
            s.updated_by = who.user_id;
            s.updated_at_ms = now;
            ++s.version;
            if (!uow->stations().update(s, s.version - 1))
                return fail(error_code::version_conflict, "the station changed meanwhile; send it again");
        } else {
            s = station_record{std::string(id),
                               site,
                               d.kind,
                               d.name,
                               d.status.empty() ? "closed" : d.status,
                               {},
                               std::nullopt,
                               now,
                               {},
                               0,
                               1,
                               who.user_id,
                               now,
                               who.user_id,
                               now};
            uow->stations().insert(s);
        }
        auto events =
            station_events(before, s, before ? open_orders_at(*uow, s) : std::vector<std::string>{});
        station_put result{with_figures(*uow, s), !before};
        uow->commit();
        publish_floor_events(events_, events);
        return result;
    });
}

outcome<station_view> floor_service::get_station(const auth::principal& who, std::string_view id) {
    return guarded("read the station", [&]() -> outcome<station_view> {
        auto uow = store_.begin(tx_mode::read);
        auto s = uow->stations().find(id);
        if (!s || !may_read_site(who, s->site_id)) return station_not_found(id);
        return with_figures(*uow, std::move(*s));
    });
}

outcome<std::vector<station_view>> floor_service::list_stations(const auth::principal& who,
                                                                store::floor_filter f) {
    if (!f.status.empty() && std::find(std::begin(k_station_statuses), std::end(k_station_statuses),
                                       f.status) == std::end(k_station_statuses))
        return fail(error_code::invalid_value, "status must be open, closed, busy, maintenance or error");
    if (!f.kind.empty() && std::find(std::begin(k_station_kinds), std::end(k_station_kinds), f.kind) ==
                               std::end(k_station_kinds))
        return fail(error_code::invalid_value, "kind must be counter, machine or cutter");
    if (f.limit < 1 || f.limit > 1000)
        return fail(error_code::invalid_value, "limit must be between 1 and 1000");
    if (!auth::is_privileged(who.role)) {
        if (who.site.empty())
            return fail(error_code::insufficient_permissions,
                        "your token names no site; staff list their site's stations");
        if (!f.site_id.empty() && f.site_id != who.site)
            return fail(error_code::insufficient_permissions,
                        fmt::format("you work at site '{}' and cannot list site '{}'", who.site, f.site_id));
        f.site_id = who.site;
    }
    return guarded("list stations", [&]() -> outcome<std::vector<station_view>> {
        auto uow = store_.begin(tx_mode::read);
        std::vector<station_view> out;
        for (auto& s : uow->stations().list(f)) out.push_back(with_figures(*uow, std::move(s)));
        return out;
    });
}

outcome<station_view> floor_service::patch_station(const auth::principal& who, std::string_view id,
                                                   const station_patch& p) {
    return guarded("update the station", [&]() -> outcome<station_view> {
        auto uow = store_.begin(tx_mode::write);
        auto found = uow->stations().find(id);
        if (!found || !may_read_site(who, found->site_id)) return station_not_found(id);
        if (!may_manage_site(who, found->site_id))
            return fail(error_code::insufficient_permissions,
                        fmt::format("only managers of site '{}', admins and services change its stations",
                                    found->site_id));
        const station_record before = *found;
        station_record s = std::move(*found);
        const std::int64_t now = clock_.now_ms();
        if (p.status && *p.status != s.status) {
            s.status = *p.status;
            s.status_since_ms = now;
            // A new status starts without the old one's reason and downtime unless they come with it.
            if (!p.reason) s.status_reason.clear();
            if (!p.downtime) s.estimated_downtime.reset();
        }
        if (p.name) s.name = *p.name;
        if (p.reason) s.status_reason = *p.reason;
        if (p.downtime) s.estimated_downtime = *p.downtime < 0 ? std::nullopt : std::optional(*p.downtime);
        if (p.operator_id && *p.operator_id != s.operator_id) {
            s.operator_id = *p.operator_id;
            s.operator_since_ms = s.operator_id.empty() ? 0 : now;
        }
        if (s.status == before.status && s.name == before.name && s.status_reason == before.status_reason &&
            s.estimated_downtime == before.estimated_downtime && s.operator_id == before.operator_id)
            return with_figures(*uow, std::move(s));
        s.updated_by = who.user_id;
        s.updated_at_ms = now;
        ++s.version;
        if (!uow->stations().update(s, before.version))
            return fail(error_code::version_conflict, "the station changed meanwhile; send the change again");
        std::vector<std::string> affected;
        if (s.status != before.status) affected = open_orders_at(*uow, s);
        auto events = station_events(before, s, affected);
        station_view view = with_figures(*uow, s);
        uow->commit();
        publish_floor_events(events_, events);
        return view;
    });
}

// ---------------------------------------------------------------------------------------
// staff
// ---------------------------------------------------------------------------------------
outcome<staff_record> floor_service::get_staff(const auth::principal& who, std::string_view id) {
    return guarded("read the staff member", [&]() -> outcome<staff_record> {
        auto m = store_.begin(tx_mode::read)->staff().find(id);
        const bool self = who.user_id == id;
        if (!m || !(self || may_read_site(who, m->site_id))) return staff_not_found(id);
        return std::move(*m);
    });
}

outcome<staff_record> floor_service::set_staff_status(const auth::principal& who, std::string_view id,
                                                      const staff_patch& p) {
    const bool self = who.user_id == id;
    if (self && !auth::is_staff(who.role) && !auth::is_privileged(who.role))
        return fail(error_code::insufficient_permissions, "only staff have a status on the floor");
    return guarded("set the staff member's status", [&]() -> outcome<staff_record> {
        auto uow = store_.begin(tx_mode::write);
        auto found = uow->staff().find(id);
        const std::int64_t now = clock_.now_ms();
        staff_record m;
        if (found) {
            if (!self && !may_read_site(who, found->site_id)) return staff_not_found(id);
            if (!self && !may_manage_site(who, found->site_id))
                return fail(error_code::insufficient_permissions,
                            "staff set their own status; managers of the site, admins and services anyone's");
            m = *found;
        } else {
            if (!self) return staff_not_found(id);
            if (who.site.empty())
                return fail(error_code::insufficient_permissions,
                            "your token names no site; the floor's staff belong to a site");
            m = staff_record{};
            m.id = std::string(id);
            m.site_id = who.site;
            m.role = std::string(auth::to_string(who.role));
            m.status = std::string(k_off_shift);
            m.created_at_ms = now;
            m.version = 0;
        }
        std::string location;
        if (p.station_id && !p.station_id->empty()) {
            auto station = uow->stations().find(*p.station_id);
            if (!station || station->site_id != m.site_id)
                return fail(error_code::not_found, fmt::format("station '{}' is not a station of site '{}'",
                                                               *p.station_id, m.site_id));
            location = station->name;
        } else if (!p.station_id && !m.station_id.empty()) {
            if (auto station = uow->stations().find(m.station_id)) location = station->name;
        }
        const std::optional<staff_record> before = found;
        if (p.name) m.name = *p.name;
        if (p.station_id) m.station_id = *p.station_id;
        if (p.status != m.status) {
            if (m.status == k_off_shift) {
                m.clocked_in_at_ms = now;
                m.shift_start_ms = now;
                m.shift_end_ms = 0;
            }
            if (p.status == k_off_shift) m.clocked_in_at_ms = 0;
            m.status = p.status;
        }
        if (p.shift_minutes) {
            if (m.status == k_off_shift)
                return fail(error_code::invalid_value,
                            "\"shiftMinutes\" goes with a status other than off_shift");
            m.shift_start_ms = m.clocked_in_at_ms != 0 ? m.clocked_in_at_ms : now;
            m.shift_end_ms = m.shift_start_ms + *p.shift_minutes * 60000;
        }
        if (m.status == k_on_break) {
            if (!before || before->status != k_on_break) m.break_started_at_ms = now;
            if (!p.break_type.empty()) m.break_type = p.break_type;
            if (p.break_minutes) m.break_ends_at_ms = m.break_started_at_ms + *p.break_minutes * 60000;
        } else {
            m.break_type.clear();
            m.break_started_at_ms = m.break_ends_at_ms = 0;
        }
        m.updated_by = who.user_id;
        m.updated_at_ms = now;
        ++m.version;
        if (before) {
            if (!uow->staff().update(m, before->version))
                return fail(error_code::version_conflict,
                            "the staff member changed meanwhile; send it again");
        } else {
            uow->staff().insert(m);
        }
        auto events = staff_events(before, m, location, p.covering);
        uow->commit();
        publish_floor_events(events_, events);
        return m;
    });
}

}  // namespace ordercast::domain::floor

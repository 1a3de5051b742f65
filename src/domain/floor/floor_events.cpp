#include "domain/floor/floor_events.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/json_writer.hpp"
#include "domain/floor/floor_request.hpp"

namespace ordercast::domain::floor {
namespace {

using store::staff_record;
using store::station_record;

std::vector<std::string> station_channels(const station_record& s) {
    return {fmt::format("station:{}:status", s.id), fmt::format("site:{}:general", s.site_id)};
}

std::vector<std::string> staff_channels(const staff_record& m) {
    return {fmt::format("site:{}:staff", m.site_id)};
}

void write_strings(core::json_writer& w, std::string_view key, const std::vector<std::string>& items) {
    w.key(key).begin_array();
    for (const auto& s : items) w.string(s);
    w.end_array();
}

}  // namespace

std::vector<floor_event> station_events(const std::optional<station_record>& before,
                                        const station_record& after,
                                        const std::vector<std::string>& affected_orders) {
    std::vector<floor_event> out;
    auto emit = [&](std::string type, auto&& write_fields) {
        floor_event e{std::move(type), {}, station_channels(after)};
        core::json_writer w(e.data);
        w.begin_object();
        write_fields(w);
        w.end_object();
        out.push_back(std::move(e));
    };
    const std::string_view previous = before ? std::string_view(before->status) : std::string_view();
    if (!before || before->status != after.status) {
        emit("counter_status_changed", [&](core::json_writer& w) {
            w.field("stationId", after.id).field("kind", after.kind).field("name", after.name);
            w.field("siteId", after.site_id).field_or_null("previousStatus", previous);
            w.field("currentStatus", after.status).field_or_null("reason", after.status_reason);
            w.field_or_null("estimatedDowntime", after.estimated_downtime);
            write_strings(w, "affectedOrders", affected_orders);
            w.field_or_null("operatorId", after.operator_id).field("updatedBy", after.updated_by);
            w.key("updatedAt").timestamp(after.updated_at_ms);
        });
        if (after.status == "error") {
            emit("station_error", [&](core::json_writer& w) {
                w.field("stationId", after.id).field("name", after.name).field("siteId", after.site_id);
                w.field("error", after.status_reason.empty() ? std::string_view("unspecified error")
                                                             : std::string_view(after.status_reason));
                w.field("updatedBy", after.updated_by).key("timestamp").timestamp(after.updated_at_ms);
            });
        }
        if (before && previous == "maintenance") {
            emit("station_maintenance_completed", [&](core::json_writer& w) {
                w.field("stationId", after.id).field("name", after.name).field("siteId", after.site_id);
                w.key("startedAt").timestamp(before->status_since_ms);
                w.key("completedAt").timestamp(after.updated_at_ms);
                w.field("durationMs", after.updated_at_ms - before->status_since_ms);
            });
        }
        if (after.status == "maintenance") {
            emit("station_maintenance_started", [&](core::json_writer& w) {
                w.field("stationId", after.id).field("name", after.name).field("siteId", after.site_id);
                w.field_or_null("reason", after.status_reason);
                w.field_or_null("estimatedDowntime", after.estimated_downtime);
                w.key("startedAt").timestamp(after.status_since_ms);
            });
        }
    }
    const std::string_view previous_operator =
        before ? std::string_view(before->operator_id) : std::string_view();
    if (previous_operator != after.operator_id) {
        if (!previous_operator.empty()) {
            emit("operator_logged_out", [&](core::json_writer& w) {
                w.field("operatorId", previous_operator).field("stationId", after.id);
                w.field("siteId", after.site_id).key("timestamp").timestamp(after.updated_at_ms);
                w.field("durationMs", after.updated_at_ms - before->operator_since_ms);
            });
        }
        if (!after.operator_id.empty()) {
            emit("operator_logged_in", [&](core::json_writer& w) {
                w.field("operatorId", after.operator_id).field("stationId", after.id);
                w.field("siteId", after.site_id).key("timestamp").timestamp(after.operator_since_ms);
            });
        }
    }
    return out;
}

std::vector<floor_event> staff_events(const std::optional<staff_record>& before, const staff_record& after,
                                      std::string_view location, const std::vector<std::string>& covering) {
    std::vector<floor_event> out;
    auto emit = [&](std::string type, auto&& write_fields) {
        floor_event e{std::move(type), {}, staff_channels(after)};
        core::json_writer w(e.data);
        w.begin_object().field("employeeId", after.id).field_or_null("name", after.name);
        w.field("siteId", after.site_id);
        write_fields(w);
        w.end_object();
        out.push_back(std::move(e));
    };
    // A member first seen is taken to have been off shift.
    const std::string_view previous = before ? std::string_view(before->status) : k_off_shift;
    if (previous == after.status) return out;
    std::string_view shift_change;
    if (previous == k_off_shift && after.status != k_off_shift) shift_change = "clocked_in";
    if (previous != k_off_shift && after.status == k_off_shift) shift_change = "clocked_out";
    emit("employee_status_changed", [&](core::json_writer& w) {
        w.field("role", after.role).field("previousStatus", previous).field("status", after.status);
        w.field_or_null("shiftChange", shift_change);
        w.field_or_null("stationId", after.station_id).field_or_null("location", location);
        if (after.clocked_in_at_ms != 0 || after.shift_end_ms != 0) {
            w.key("shift").begin_object();
            w.timestamp_or_null("startTime",
                                after.clocked_in_at_ms != 0 ? after.clocked_in_at_ms : after.shift_start_ms);
            w.timestamp_or_null("endTime", after.shift_end_ms);
            w.end_object();
        } else {
            w.key("shift").null();
        }
        if (shift_change == "clocked_out" && before && before->clocked_in_at_ms != 0)
            w.field("shiftDurationMs", after.updated_at_ms - before->clocked_in_at_ms);
        w.field("updatedBy", after.updated_by).key("updatedAt").timestamp(after.updated_at_ms);
    });
    if (previous == k_on_break && before && after.status != k_on_break) {
        emit("break_ended", [&](core::json_writer& w) {
            w.field_or_null("breakType", before->break_type);
            w.key("startedAt").timestamp(before->break_started_at_ms);
            w.key("endedAt").timestamp(after.updated_at_ms);
            w.field("durationMs", after.updated_at_ms - before->break_started_at_ms);
        });
    }
    if (after.status == k_on_break) {
        emit("break_started", [&](core::json_writer& w) {
            w.field_or_null("breakType", after.break_type);
            if (after.break_ends_at_ms != 0)
                w.field("duration", (after.break_ends_at_ms - after.break_started_at_ms) / 60000);
            else
                w.key("duration").null();
            write_strings(w, "coveringEmployees", covering);
            w.key("startedAt").timestamp(after.break_started_at_ms);
            w.timestamp_or_null("returnTime", after.break_ends_at_ms);
        });
    }
    return out;
}

void publish_floor_events(event_sink& sink, std::vector<floor_event>& events) noexcept {
    for (floor_event& e : events) {
        for (std::string& channel : e.channels) {
            try {
                sink.publish({std::move(channel), e.type, e.data, false});
            } catch (const std::exception& ex) {
                spdlog::error("floor: a '{}' event was committed but not published: {}", e.type, ex.what());
            }
        }
    }
}

}  // namespace ordercast::domain::floor

#pragma once
// The bodies of the floor's REST calls, parsed and checked: every field's type and range, and
// no field the call does not take (docs/rest.md "The floor").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/domain_error.hpp"

namespace ordercast::domain::floor {

inline constexpr std::string_view k_station_kinds[] = {"counter", "machine", "cutter"};
inline constexpr std::string_view k_station_statuses[] = {"open", "closed", "busy", "maintenance", "error"};
inline constexpr std::string_view k_staff_statuses[] = {"available", "busy", "on_break", "off_shift"};
inline constexpr std::string_view k_off_shift = "off_shift";
inline constexpr std::string_view k_on_break = "on_break";

// PUT /api/v1/stations/{id} {siteId?, kind, name, status?}: creates the station, or renames
// and re-kinds an existing one (its status is PATCH's business).
struct station_draft {
    std::string site_id;  // empty: the caller's site
    std::string kind;
    std::string name;
    std::string status;  // empty: "closed" for a new station, unchanged for an existing one
};
outcome<station_draft> parse_station_draft(std::string_view body);

// PATCH /api/v1/stations/{id}: every field optional, at least one given.
struct station_patch {
    std::optional<std::string> status;
    std::optional<std::string> name;
    std::optional<std::string> reason;       // "" clears it (null)
    std::optional<std::int64_t> downtime;    // estimatedDowntime, minutes; -1: cleared (null)
    std::optional<std::string> operator_id;  // "" clears it (null)
};
outcome<station_patch> parse_station_patch(std::string_view body);

// PATCH /api/v1/staff/{id}/status {status, name?, stationId?, breakType?, breakMinutes?,
// coveringEmployees?, shiftMinutes?}.
struct staff_patch {
    std::string status;
    std::optional<std::string> name;
    std::optional<std::string> station_id;  // "" clears it (null)
    std::string break_type;                 // with on_break
    std::optional<std::int64_t> break_minutes;
    std::vector<std::string> covering;  // told in break_started, not stored
    std::optional<std::int64_t> shift_minutes;
};
outcome<staff_patch> parse_staff_patch(std::string_view body);

}  // namespace ordercast::domain::floor

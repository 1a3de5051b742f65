#pragma once
// The events of a floor change, in the restaurant ordering protocol's names and shapes where it
// has them, and the channels they go to (docs/protocol.md "The floor"):
//   station:{id}:status and site:{site}:general
//     counter_status_changed       {stationId, kind, name, siteId, previousStatus, currentStatus,
//                                   reason, estimatedDowntime, affectedOrders, operatorId,
//                                   updatedBy, updatedAt}
//     station_error                {stationId, name, siteId, error, updatedBy, timestamp}
//     station_maintenance_started  {stationId, name, siteId, reason, estimatedDowntime, startedAt}
//     station_maintenance_completed {stationId, name, siteId, startedAt, completedAt, durationMs}
//     operator_logged_in           {operatorId, stationId, siteId, timestamp}
//     operator_logged_out          {operatorId, stationId, siteId, timestamp, durationMs}
//   site:{site}:staff
//     employee_status_changed      {employeeId, name, role, siteId, previousStatus, status,
//                                   shiftChange, stationId, location, shift, updatedBy, updatedAt}
//     break_started                {employeeId, name, siteId, breakType, duration, coveringEmployees,
//                                   startedAt, returnTime}
//     break_ended                  {employeeId, name, siteId, startedAt, endedAt, durationMs}
//
// Built inside the transaction, published by the caller only after it commits.
#include <optional>
#include <string>
#include <vector>

#include "domain/event_sink.hpp"
#include "store/records.hpp"

namespace ordercast::domain::floor {

struct floor_event {
    std::string type;
    std::string data;  // JSON object
    std::vector<std::string> channels;
};

// What changed between `before` (nullopt: the station is new) and `after`, in this order:
// the status (counter_status_changed, then station_error or the maintenance events), then the
// operator (operator_logged_out of the one who left, operator_logged_in of the one who came).
// `affected_orders` are the open orders of the station, told with a status change.
std::vector<floor_event> station_events(const std::optional<store::station_record>& before,
                                        const store::station_record& after,
                                        const std::vector<std::string>& affected_orders);

// What changed between `before` (nullopt: first seen) and `after`: the status
// (employee_status_changed, with shiftChange clocked_in / clocked_out when it crosses
// off_shift), then break_ended and break_started. `location` names the station they work at.
std::vector<floor_event> staff_events(const std::optional<store::staff_record>& before,
                                      const store::staff_record& after, std::string_view location,
                                      const std::vector<std::string>& covering);

// Publishes every event to each of its channels, in order; logs a failure (the change stands).
void publish_floor_events(event_sink& sink, std::vector<floor_event>& events) noexcept;

}  // namespace ordercast::domain::floor

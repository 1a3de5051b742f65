#pragma once
// The floor: stations (counters, machines, cutters) and staff (employees, operators) with
// their status. Validate, write in one transaction, then publish (floor_events.hpp).
//
// Who (docs/rest.md "The floor"):
//   stations   staff of the station's site read them; managers of the site, admins and services
//              create and change them
//   staff      a member of staff reads and sets their own status (their first status creates
//              their record, at their token's site); managers of the site, admins and services
//              read and set anyone's of that site
//   customers  nothing (the routes refuse them)
// Another site's station or staff member is 404, as if it did not exist.
//
// Threads: any thread; each call blocks for its unit of work.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "domain/domain_error.hpp"
#include "domain/event_sink.hpp"
#include "domain/floor/floor_request.hpp"
#include "domain/order_settings.hpp"
#include "store/records.hpp"

namespace ordercast::store {
class store;
class unit_of_work;
}  // namespace ordercast::store

namespace ordercast::domain::floor {

// A station with the figures of its open orders (orders whose status is not terminal).
struct station_view {
    store::station_record station;
    std::int64_t queue_length = 0;
    std::optional<double> average_wait_minutes;  // of its open orders so far; nullopt with none
};

struct station_put {
    station_view view;
    bool created = false;
};

// The REST resources.
std::string station_json(const station_view& v);
std::string staff_json(const store::staff_record& m);

class floor_service {
public:
    // All must outlive the service. `orders` names the terminal order statuses.
    floor_service(store::store& store, event_sink& events, const core::clock& clock,
                  const orders_config& orders);

    // Creates station `id` (201) or renames / re-kinds it (200). 403 for a site not the
    // caller's, 422 for a bad id.
    outcome<station_put> put_station(const auth::principal& who, std::string_view id, const station_draft& d);
    outcome<station_view> get_station(const auth::principal& who, std::string_view id);
    // The caller's site (staff), or `filter.site_id` (admins, services; empty: every site).
    outcome<std::vector<station_view>> list_stations(const auth::principal& who, store::floor_filter filter);
    // A patch that changes nothing answers the station unchanged, with no event.
    outcome<station_view> patch_station(const auth::principal& who, std::string_view id,
                                        const station_patch& p);

    outcome<store::staff_record> get_staff(const auth::principal& who, std::string_view id);
    outcome<store::staff_record> set_staff_status(const auth::principal& who, std::string_view id,
                                                  const staff_patch& p);

private:
    station_view with_figures(store::unit_of_work& uow, store::station_record s);
    std::vector<std::string> open_orders_at(store::unit_of_work& uow, const store::station_record& s);
    bool is_open_order(std::string_view status) const;

    store::store& store_;
    event_sink& events_;
    const core::clock& clock_;
    const orders_config& orders_;
};

}  // namespace ordercast::domain::floor

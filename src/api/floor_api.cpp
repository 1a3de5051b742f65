// /api/v1/stations and /api/v1/staff: the floor's stations (counters, machines, cutters) and
// staff (employees, operators) with their status. The routes let staff of a site, managers,
// admins and services in (customers are refused here); the service decides per site and
// per person, owns the store and publishes the events.
#include "api/api_context.hpp"
#include "api/rest_support.hpp"
#include "api/router.hpp"
#include "domain/floor/floor_service.hpp"

namespace ordercast::api {
namespace {

namespace floor = domain::floor;

constexpr access k_floor_readers = access::roles(
    {auth::role::employee, auth::role::operator_, auth::role::manager, auth::role::admin,
     auth::role::service},
    "the floor is for staff of the site (employee, operator, manager), admin and service tokens");
constexpr access k_station_managers =
    access::roles({auth::role::manager, auth::role::admin, auth::role::service},
                  "stations are created and changed by managers of their site, admin and service tokens");

response put_station(request& req, const caller& call, api_context& ctx) {
    auto draft = floor::parse_station_draft(req.body);
    if (!draft) return domain_error_response(draft.error());
    auto put = ctx.floor->put_station(call.who(), req.path_params[0], *draft);
    if (!put) return domain_error_response(put.error());
    response r = json_response(put->created ? 201 : 200, floor::station_json(put->view));
    if (put->created) r.headers.emplace_back("Location", "/api/v1/stations/" + put->view.station.id);
    return r;
}

response list_stations(request& req, const caller& call, api_context& ctx) {
    response refusal;
    auto q = query_params::parse(req.query, call.route.query, refusal);
    if (!q) return refusal;
    store::floor_filter f;
    f.site_id = q->get("site");
    f.status = q->get("status");
    f.kind = q->get("kind");
    auto limit = q->integer("limit", 200, refusal);
    if (!limit) return refusal;
    f.limit = *limit;
    auto list = ctx.floor->list_stations(call.who(), std::move(f));
    if (!list) return domain_error_response(list.error());
    std::string body = R"({"stations":[)";
    for (std::size_t i = 0; i < list->size(); ++i) {
        if (i != 0) body.push_back(',');
        body += floor::station_json((*list)[i]);
    }
    body += "]}";
    return json_response(200, std::move(body));
}

response get_station(request& req, const caller& call, api_context& ctx) {
    auto s = ctx.floor->get_station(call.who(), req.path_params[0]);
    if (!s) return domain_error_response(s.error());
    return json_response(200, floor::station_json(*s));
}

response patch_station(request& req, const caller& call, api_context& ctx) {
    auto patch = floor::parse_station_patch(req.body);
    if (!patch) return domain_error_response(patch.error());
    auto s = ctx.floor->patch_station(call.who(), req.path_params[0], *patch);
    if (!s) return domain_error_response(s.error());
    return json_response(200, floor::station_json(*s));
}

response get_staff(request& req, const caller& call, api_context& ctx) {
    auto m = ctx.floor->get_staff(call.who(), req.path_params[0]);
    if (!m) return domain_error_response(m.error());
    return json_response(200, floor::staff_json(*m));
}

response set_staff_status(request& req, const caller& call, api_context& ctx) {
    auto patch = floor::parse_staff_patch(req.body);
    if (!patch) return domain_error_response(patch.error());
    auto m = ctx.floor->set_staff_status(call.who(), req.path_params[0], *patch);
    if (!m) return domain_error_response(m.error());
    return json_response(200, floor::staff_json(*m));
}

}  // namespace

void add_floor_routes(router& r, api_context& ctx) {
    auto bind = [&ctx](response (*fn)(request&, const caller&, api_context&)) {
        return [&ctx, fn](request& req, const caller& call) { return fn(req, call, ctx); };
    };
    r.add({.method = "GET",
           .path = "/api/v1/stations",
           .who = k_floor_readers,
           .response_schema = "StationList",
           .summary = "List the stations of a site with their status and open-order figures",
           .query = {"site", "status", "kind", "limit"}},
          bind(list_stations));
    r.add({.method = "PUT",
           .path = "/api/v1/stations/{id}",
           .who = k_station_managers,
           .request_schema = "StationPut",
           .response_schema = "Station",
           .summary = "Create a station under its own id (201), or rename or re-kind it (200)"},
          bind(put_station));
    r.add({.method = "GET",
           .path = "/api/v1/stations/{id}",
           .who = k_floor_readers,
           .response_schema = "Station",
           .summary = "Read one station: status, operator, queue length and average wait"},
          bind(get_station));
    r.add({.method = "PATCH",
           .path = "/api/v1/stations/{id}",
           .who = k_station_managers,
           .request_schema = "StationPatch",
           .response_schema = "Station",
           .summary = "Change a station's status, reason, downtime, operator or name"},
          bind(patch_station));
    r.add({.method = "GET",
           .path = "/api/v1/staff/{id}",
           .who = k_floor_readers,
           .response_schema = "StaffMember",
           .summary = "Read a member of staff and their status"},
          bind(get_staff));
    r.add({.method = "PATCH",
           .path = "/api/v1/staff/{id}/status",
           .who = k_floor_readers,
           .request_schema = "StaffStatusPatch",
           .response_schema = "StaffMember",
           .summary = "Set a member of staff's status (their own, or anyone's of the site for managers)"},
          bind(set_staff_status));
}

}  // namespace ordercast::api

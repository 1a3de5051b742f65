// The stations repository (migrations/004_floor.sql), in portable SQL.
#include "core/assert.hpp"
#include "store/sql/sql_repositories.hpp"
#include "store/sql/sql_table.hpp"

namespace ordercast::store {
namespace {

using s = station_record;

// Oldest first. A station keeps its site; everything else may change.
constexpr sql_table<s, 15> k_stations{
    "stations",
    {{fixed(col("id", &s::id)), fixed(col("site_id", &s::site_id)), col("kind", &s::kind),
      col("name", &s::name), col("status", &s::status), nullable_col("status_reason", &s::status_reason),
      nullable_col("estimated_downtime", &s::estimated_downtime), col("status_since_ms", &s::status_since_ms),
      nullable_col("operator_id", &s::operator_id), nullable_col("operator_since_ms", &s::operator_since_ms),
      col("version", &s::version), fixed(col("created_by", &s::created_by)),
      fixed(col("created_at_ms", &s::created_at_ms)), col("updated_by", &s::updated_by),
      col("updated_at_ms", &s::updated_at_ms)}},
    {"created_at_ms", "id", false}};

const std::string k_select_stations = select_sql(k_stations);
const std::string k_insert_station = insert_sql(k_stations);
const std::string k_find_station = k_select_stations + " WHERE id = ?";
const std::string k_update_station = update_sql(k_stations, "id = ? AND version = ?");

}  // namespace

void sql_station_repository::insert(const station_record& station) {
    OC_DEBUG_ASSERT(writable());
    c_.run(k_insert_station, insert_params(k_stations, station).span(), [](const sql_row&) {});
}

std::optional<station_record> sql_station_repository::find(std::string_view id) {
    std::optional<station_record> found;
    c_.execute(k_find_station, {id}, [&](const sql_row& r) { found = read_row(k_stations, r); });
    return found;
}

bool sql_station_repository::update(const station_record& station, std::int64_t expected_version) {
    OC_DEBUG_ASSERT(writable());
    sql_params params = update_params(k_stations, station);
    params.push(std::string_view(station.id));
    params.push(expected_version);
    return c_.run(k_update_station, params.span(), [](const sql_row&) {}) == 1;
}

std::vector<station_record> sql_station_repository::list(const floor_filter& f) {
    return sql_list_query(k_stations, k_select_stations)
        .equals("site_id", f.site_id)
        .equals("status", f.status)
        .equals("kind", f.kind)
        .run(c_, f.limit);
}

}  // namespace ordercast::store

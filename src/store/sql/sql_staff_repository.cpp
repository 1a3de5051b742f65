// The staff repository (migrations/004_floor.sql), in portable SQL.
#include "core/assert.hpp"
#include "store/sql/sql_repositories.hpp"
#include "store/sql/sql_table.hpp"

namespace ordercast::store {
namespace {

using m = staff_record;

// Oldest first. A member of staff keeps their site and role; their status and place change.
constexpr sql_table<m, 16> k_staff{
    "staff",
    {{fixed(col("id", &m::id)), fixed(col("site_id", &m::site_id)), nullable_col("name", &m::name),
      fixed(col("role", &m::role)), col("status", &m::status), nullable_col("station_id", &m::station_id),
      nullable_col("break_type", &m::break_type),
      nullable_col("break_started_at_ms", &m::break_started_at_ms),
      nullable_col("break_ends_at_ms", &m::break_ends_at_ms),
      nullable_col("clocked_in_at_ms", &m::clocked_in_at_ms),
      nullable_col("shift_start_ms", &m::shift_start_ms), nullable_col("shift_end_ms", &m::shift_end_ms),
      col("version", &m::version), fixed(col("created_at_ms", &m::created_at_ms)),
      col("updated_by", &m::updated_by), col("updated_at_ms", &m::updated_at_ms)}},
    {"created_at_ms", "id", false}};

const std::string k_select_staff = select_sql(k_staff);
const std::string k_insert_staff = insert_sql(k_staff);
const std::string k_find_staff = k_select_staff + " WHERE id = ?";
const std::string k_update_staff = update_sql(k_staff, "id = ? AND version = ?");

}  // namespace

void sql_staff_repository::insert(const staff_record& member) {
    OC_DEBUG_ASSERT(writable());
    c_.run(k_insert_staff, insert_params(k_staff, member).span(), [](const sql_row&) {});
}

std::optional<staff_record> sql_staff_repository::find(std::string_view id) {
    std::optional<staff_record> found;
    c_.execute(k_find_staff, {id}, [&](const sql_row& r) { found = read_row(k_staff, r); });
    return found;
}

bool sql_staff_repository::update(const staff_record& member, std::int64_t expected_version) {
    OC_DEBUG_ASSERT(writable());
    sql_params params = update_params(k_staff, member);
    params.push(std::string_view(member.id));
    params.push(expected_version);
    return c_.run(k_update_staff, params.span(), [](const sql_row&) {}) == 1;
}

std::vector<staff_record> sql_staff_repository::list(const floor_filter& f) {
    return sql_list_query(k_staff, k_select_staff)
        .equals("site_id", f.site_id)
        .equals("status", f.status)
        .run(c_, f.limit);
}

}  // namespace ordercast::store

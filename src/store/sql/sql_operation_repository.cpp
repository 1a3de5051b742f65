// The operations repository (migrations/003_operations_alerts.sql), in portable SQL.
#include "core/assert.hpp"
#include "store/sql/sql_repositories.hpp"
#include "store/sql/sql_table.hpp"

namespace ordercast::store {
namespace {

using i64 = std::int64_t;
using op = operation_record;

// What an operation is stays; its progress and outcome are updated, and so are its owner and
// site (an admin may hand it to someone else).
constexpr sql_table<op, 19> k_operations{
    "operations",
    {{fixed(col("id", &op::id)), fixed(col("kind", &op::kind)), col("owner_id", &op::owner_id),
      nullable_col("site_id", &op::site_id), col("status", &op::status), nullable_col("step", &op::step),
      col("progress", &op::progress), nullable_col("message", &op::message), fixed(col("steps", &op::steps)),
      nullable_col("result", &op::result), nullable_col("error_code", &op::error_code),
      nullable_col("error_details", &op::error_details), col("cancel_requested", &op::cancel_requested),
      col("version", &op::version), fixed(col("created_by", &op::created_by)),
      fixed(col("created_at_ms", &op::created_at_ms)), col("updated_at_ms", &op::updated_at_ms),
      col("last_progress_at_ms", &op::last_progress_at_ms),
      nullable_col("finished_at_ms", &op::finished_at_ms)}},
    {"created_at_ms", "id", false}};

const std::string k_select_operations = select_sql(k_operations);
const std::string k_insert_operation = insert_sql(k_operations);
const std::string k_find_operation = k_select_operations + " WHERE id = ?";
const std::string k_update_operation = update_sql(k_operations, "id = ? AND version = ?");
const std::string k_list_stale = k_select_operations +
                                 " WHERE status IN ('pending', 'running') AND last_progress_at_ms < ? "
                                 "ORDER BY last_progress_at_ms, id LIMIT ?";

}  // namespace

void sql_operation_repository::insert(const operation_record& o) {
    OC_DEBUG_ASSERT(writable());
    c_.run(k_insert_operation, insert_params(k_operations, o).span(), [](const sql_row&) {});
}

std::optional<operation_record> sql_operation_repository::find(std::string_view id) {
    std::optional<operation_record> found;
    c_.execute(k_find_operation, {id}, [&](const sql_row& r) { found = read_row(k_operations, r); });
    return found;
}

bool sql_operation_repository::update(const operation_record& o, std::int64_t expected_version) {
    OC_DEBUG_ASSERT(writable());
    sql_params params = update_params(k_operations, o);
    params.push(std::string_view(o.id));
    params.push(expected_version);
    return c_.run(k_update_operation, params.span(), [](const sql_row&) {}) == 1;
}

std::vector<operation_record> sql_operation_repository::list_stale(std::int64_t cutoff_ms, int limit) {
    std::vector<operation_record> out;
    c_.execute(k_list_stale, {cutoff_ms, i64{limit}},
               [&](const sql_row& r) { out.push_back(read_row(k_operations, r)); });
    return out;
}

bool sql_operation_repository::remove(std::string_view id) {
    OC_DEBUG_ASSERT(writable());
    return c_.execute("DELETE FROM operations WHERE id = ?", {id}) == 1;
}

std::int64_t sql_operation_repository::delete_finished(std::int64_t cutoff_ms) {
    OC_DEBUG_ASSERT(writable());
    return c_.execute("DELETE FROM operations WHERE finished_at_ms IS NOT NULL AND finished_at_ms < ?",
                      {cutoff_ms});
}

std::vector<std::pair<std::string, std::int64_t>> sql_operation_repository::count_failed_by_site(
    std::string_view error_code, std::int64_t since_ms) {
    std::vector<std::pair<std::string, i64>> out;
    c_.execute(
        "SELECT site_id, COUNT(*) FROM operations WHERE error_code = ? AND finished_at_ms >= ? AND site_id "
        "IS NOT NULL "
        "GROUP BY site_id ORDER BY site_id",
        {error_code, since_ms},
        [&](const sql_row& r) { out.emplace_back(std::string(r.text(0)), r.int64(1)); });
    return out;
}

}  // namespace ordercast::store

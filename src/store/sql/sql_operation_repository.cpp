// The operations repository (migrations/003_operations_alerts.sql), in portable SQL.
#include "core/assert.hpp"
#include "store/sql/sql_unit_of_work.hpp"

namespace ordercast::store {
namespace {

using i64 = std::int64_t;

// OC_OPERATION_COLUMNS and read_operation() list the columns in the same order.
#define OC_OPERATION_COLUMNS                                                                           \
    "id, kind, owner_id, site_id, status, step, progress, message, steps, result, error_code, "         \
    "error_details, cancel_requested, version, created_by, created_at_ms, updated_at_ms, "              \
    "last_progress_at_ms, finished_at_ms"

operation_record read_operation(const sql_row& r) {
    operation_record o;
    o.id = r.text(0);
    o.kind = r.text(1);
    o.owner_id = r.text(2);
    o.site_id = r.text(3);
    o.status = r.text(4);
    o.step = r.text(5);
    o.progress = static_cast<int>(r.int64(6));
    o.message = r.text(7);
    o.steps = r.text(8);
    o.result = r.text(9);
    o.error_code = r.text(10);
    o.error_details = r.text(11);
    o.cancel_requested = r.int64(12) != 0;
    o.version = r.int64(13);
    o.created_by = r.text(14);
    o.created_at_ms = r.int64(15);
    o.updated_at_ms = r.int64(16);
    o.last_progress_at_ms = r.int64(17);
    o.finished_at_ms = r.int64(18);
    return o;
}

sql_param nonzero_or_null(i64 v) { return v != 0 ? sql_param{v} : sql_param{}; }

}  // namespace

void sql_unit_of_work::insert_operation(const operation_record& o) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    c_.execute("INSERT INTO operations (" OC_OPERATION_COLUMNS
               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               {o.id, o.kind, o.owner_id, sql_text_or_null(o.site_id), o.status, sql_text_or_null(o.step),
                i64{o.progress}, sql_text_or_null(o.message), o.steps, sql_text_or_null(o.result),
                sql_text_or_null(o.error_code), sql_text_or_null(o.error_details), i64{o.cancel_requested ? 1 : 0},
                o.version, o.created_by, o.created_at_ms, o.updated_at_ms, o.last_progress_at_ms,
                nonzero_or_null(o.finished_at_ms)});
}

std::optional<operation_record> sql_unit_of_work::find_operation(std::string_view id) {
    std::optional<operation_record> found;
    c_.execute("SELECT " OC_OPERATION_COLUMNS " FROM operations WHERE id = ?", {id},
               [&](const sql_row& r) { found = read_operation(r); });
    return found;
}

bool sql_unit_of_work::update_operation(const operation_record& o, std::int64_t expected_version) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    return c_.execute(
               "UPDATE operations SET status = ?, step = ?, progress = ?, message = ?, result = ?, error_code = ?, "
               "error_details = ?, cancel_requested = ?, version = ?, updated_at_ms = ?, last_progress_at_ms = ?, "
               "finished_at_ms = ? WHERE id = ? AND version = ?",
               {o.status, sql_text_or_null(o.step), i64{o.progress}, sql_text_or_null(o.message),
                sql_text_or_null(o.result), sql_text_or_null(o.error_code), sql_text_or_null(o.error_details),
                i64{o.cancel_requested ? 1 : 0}, o.version, o.updated_at_ms, o.last_progress_at_ms,
                nonzero_or_null(o.finished_at_ms), o.id, expected_version}) == 1;
}

std::vector<operation_record> sql_unit_of_work::list_stale_operations(std::int64_t cutoff_ms, int limit) {
    std::vector<operation_record> out;
    c_.execute("SELECT " OC_OPERATION_COLUMNS
               " FROM operations WHERE status IN ('pending', 'running') AND last_progress_at_ms < ? "
               "ORDER BY last_progress_at_ms, id LIMIT ?",
               {cutoff_ms, i64{limit}}, [&](const sql_row& r) { out.push_back(read_operation(r)); });
    return out;
}

std::int64_t sql_unit_of_work::delete_finished_operations(std::int64_t cutoff_ms) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    return c_.execute("DELETE FROM operations WHERE finished_at_ms IS NOT NULL AND finished_at_ms < ?", {cutoff_ms});
}

std::vector<std::pair<std::string, std::int64_t>> sql_unit_of_work::count_failed_operations_by_site(
    std::string_view error_code, std::int64_t since_ms) {
    std::vector<std::pair<std::string, i64>> out;
    c_.execute(
        "SELECT site_id, COUNT(*) FROM operations WHERE error_code = ? AND finished_at_ms >= ? AND site_id IS NOT NULL "
        "GROUP BY site_id ORDER BY site_id",
        {error_code, since_ms}, [&](const sql_row& r) { out.emplace_back(std::string(r.text(0)), r.int64(1)); });
    return out;
}

}  // namespace ordercast::store

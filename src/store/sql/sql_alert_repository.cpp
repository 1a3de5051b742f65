// The alerts repository (migrations/003_operations_alerts.sql), in portable SQL.
#include "core/assert.hpp"
#include "store/sql/sql_unit_of_work.hpp"

namespace ordercast::store {
namespace {

using i64 = std::int64_t;

#define OC_ALERT_COLUMNS                                                                            \
    "id, site_id, severity, category, message, details, suggested_actions, rule_key, state, "       \
    "raised_by, created_at_ms, acknowledged_by, acknowledged_at_ms, resolved_by, resolved_at_ms"

alert_record read_alert(const sql_row& r) {
    alert_record a;
    a.id = r.text(0);
    a.site_id = r.text(1);
    a.severity = r.text(2);
    a.category = r.text(3);
    a.message = r.text(4);
    a.details = r.text(5);
    a.suggested_actions = r.text(6);
    a.rule_key = r.text(7);
    a.state = r.text(8);
    a.raised_by = r.text(9);
    a.created_at_ms = r.int64(10);
    a.acknowledged_by = r.text(11);
    a.acknowledged_at_ms = r.int64(12);
    a.resolved_by = r.text(13);
    a.resolved_at_ms = r.int64(14);
    return a;
}

sql_param nonzero_or_null(i64 v) { return v != 0 ? sql_param{v} : sql_param{}; }

}  // namespace

void sql_unit_of_work::insert_alert(const alert_record& a) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    c_.execute("INSERT INTO alerts (" OC_ALERT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               {a.id, a.site_id, a.severity, a.category, a.message, a.details, a.suggested_actions,
                sql_text_or_null(a.rule_key), a.state, a.raised_by, a.created_at_ms,
                sql_text_or_null(a.acknowledged_by), nonzero_or_null(a.acknowledged_at_ms),
                sql_text_or_null(a.resolved_by), nonzero_or_null(a.resolved_at_ms)});
}

std::optional<alert_record> sql_unit_of_work::find_alert(std::string_view id) {
    std::optional<alert_record> found;
    c_.execute("SELECT " OC_ALERT_COLUMNS " FROM alerts WHERE id = ?", {id},
               [&](const sql_row& r) { found = read_alert(r); });
    return found;
}

void sql_unit_of_work::update_alert_state(const alert_record& a) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    c_.execute(
        "UPDATE alerts SET state = ?, acknowledged_by = ?, acknowledged_at_ms = ?, resolved_by = ?, "
        "resolved_at_ms = ? WHERE id = ?",
        {a.state, sql_text_or_null(a.acknowledged_by), nonzero_or_null(a.acknowledged_at_ms),
         sql_text_or_null(a.resolved_by), nonzero_or_null(a.resolved_at_ms), a.id});
}

std::vector<alert_record> sql_unit_of_work::list_alerts(const alert_filter& f) {
    // Four fixed shapes: with or without each filter.
    std::string sql = "SELECT " OC_ALERT_COLUMNS " FROM alerts";
    std::vector<sql_param> params;
    if (!f.site_id.empty() && !f.state.empty()) {
        sql += " WHERE site_id = ? AND state = ?";
        params = {std::string_view(f.site_id), std::string_view(f.state)};
    } else if (!f.site_id.empty()) {
        sql += " WHERE site_id = ?";
        params = {std::string_view(f.site_id)};
    } else if (!f.state.empty()) {
        sql += " WHERE state = ?";
        params = {std::string_view(f.state)};
    }
    sql += " ORDER BY created_at_ms DESC, id DESC LIMIT ?";
    params.emplace_back(i64{f.limit});
    std::vector<alert_record> out;
    c_.run(sql, params, [&](const sql_row& r) { out.push_back(read_alert(r)); });
    return out;
}

std::vector<alert_record> sql_unit_of_work::list_unresolved_rule_alerts() {
    std::vector<alert_record> out;
    c_.execute("SELECT " OC_ALERT_COLUMNS
               " FROM alerts WHERE rule_key IS NOT NULL AND state <> 'resolved' ORDER BY created_at_ms, id",
               {}, [&](const sql_row& r) { out.push_back(read_alert(r)); });
    return out;
}

}  // namespace ordercast::store

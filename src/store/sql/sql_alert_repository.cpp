// The alerts repository (migrations/003_operations_alerts.sql), in portable SQL.
#include "core/assert.hpp"
#include "store/sql/sql_repositories.hpp"
#include "store/sql/sql_table.hpp"

namespace ordercast::store {
namespace {

using a = alert_record;

// Newest first. An alert's content stays; only its state and who moved it change.
constexpr sql_table<a, 15> k_alerts{
    "alerts",
    {{fixed(col("id", &a::id)), fixed(col("site_id", &a::site_id)), fixed(col("severity", &a::severity)),
      fixed(col("category", &a::category)), fixed(col("message", &a::message)),
      fixed(col("details", &a::details)), fixed(col("suggested_actions", &a::suggested_actions)),
      fixed(nullable_col("rule_key", &a::rule_key)), col("state", &a::state),
      fixed(col("raised_by", &a::raised_by)), fixed(col("created_at_ms", &a::created_at_ms)),
      nullable_col("acknowledged_by", &a::acknowledged_by),
      nullable_col("acknowledged_at_ms", &a::acknowledged_at_ms),
      nullable_col("resolved_by", &a::resolved_by), nullable_col("resolved_at_ms", &a::resolved_at_ms)}},
    {"created_at_ms", "id", true}};

const std::string k_select_alerts = select_sql(k_alerts);
const std::string k_insert_alert = insert_sql(k_alerts);
const std::string k_find_alert = k_select_alerts + " WHERE id = ?";
const std::string k_update_state = update_sql(k_alerts, "id = ?");
const std::string k_unresolved_rule_alerts =
    k_select_alerts + " WHERE rule_key IS NOT NULL AND state <> 'resolved' ORDER BY created_at_ms, id";

}  // namespace

void sql_alert_repository::insert(const alert_record& alert) {
    OC_DEBUG_ASSERT(writable());
    c_.run(k_insert_alert, insert_params(k_alerts, alert).span(), [](const sql_row&) {});
}

std::optional<alert_record> sql_alert_repository::find(std::string_view id) {
    std::optional<alert_record> found;
    c_.execute(k_find_alert, {id}, [&](const sql_row& r) { found = read_row(k_alerts, r); });
    return found;
}

void sql_alert_repository::update_state(const alert_record& alert) {
    OC_DEBUG_ASSERT(writable());
    sql_params params = update_params(k_alerts, alert);
    params.push(std::string_view(alert.id));
    c_.run(k_update_state, params.span(), [](const sql_row&) {});
}

std::vector<alert_record> sql_alert_repository::list(const alert_filter& f) {
    return sql_list_query(k_alerts, k_select_alerts)
        .equals("site_id", f.site_id)
        .equals("state", f.state)
        .run(c_, f.limit);
}

std::vector<alert_record> sql_alert_repository::list_unresolved_rule_alerts() {
    std::vector<alert_record> out;
    c_.execute(k_unresolved_rule_alerts, {}, [&](const sql_row& r) { out.push_back(read_row(k_alerts, r)); });
    return out;
}

}  // namespace ordercast::store

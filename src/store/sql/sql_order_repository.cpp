// The orders repository (migrations/001_initial.sql: orders, order_notes, production_logs),
// in portable SQL.
#include "core/assert.hpp"
#include "store/sql/sql_repositories.hpp"
#include "store/sql/sql_table.hpp"

namespace ordercast::store {
namespace {

using i64 = std::int64_t;
using o = order_record;

// Newest first.
constexpr sql_table<o, 21> k_orders{"orders",
                                    {{fixed(col("id", &o::id)),
                                      nullable_col("number", &o::number),
                                      nullable_col("customer_id", &o::customer_id),
                                      nullable_col("site_id", &o::site_id),
                                      nullable_col("station_id", &o::station_id),
                                      nullable_col("assignee_id", &o::assignee_id),
                                      col("status", &o::status),
                                      col("priority", &o::priority),
                                      col("items", &o::items),
                                      col("total_amount", &o::total_amount),
                                      nullable_col("currency", &o::currency),
                                      col("progress", &o::progress),
                                      nullable_col("stage", &o::stage),
                                      col("estimated_minutes", &o::estimated_minutes),
                                      col("attributes", &o::attributes),
                                      col("sync_status", &o::sync_status),
                                      col("version", &o::version),
                                      fixed(nullable_col("created_by", &o::created_by)),
                                      fixed(col("created_at_ms", &o::created_at_ms)),
                                      col("updated_at_ms", &o::updated_at_ms),
                                      nullable_col("completed_at_ms", &o::completed_at_ms)}},
                                    {"created_at_ms", "id", true}};

using n = order_note_record;
constexpr sql_table<n, 5> k_notes{
    "order_notes",
    {{col("id", &n::id), col("order_id", &n::order_id), col("author_id", &n::author_id),
      col("body", &n::text), col("created_at_ms", &n::created_at_ms)}},
    {"created_at_ms", "id", false}};

using l = production_log_record;
constexpr sql_table<l, 9> k_logs{
    "production_logs",
    {{col("id", &l::id), col("order_id", &l::order_id), col("order_version", &l::order_version),
      nullable_col("stage", &l::stage), nullable_col("status", &l::status), col("details", &l::details),
      col("processing_time_ms", &l::processing_time_ms), nullable_col("actor_id", &l::actor_id),
      col("created_at_ms", &l::created_at_ms)}},
    {"created_at_ms", "id", false}};

const std::string k_select_orders = select_sql(k_orders);
const std::string k_insert_order = insert_sql(k_orders);
const std::string k_find_order = k_select_orders + " WHERE id = ?";
const std::string k_update_order = update_sql(k_orders, "id = ? AND version = ?");
const std::string k_insert_note = insert_sql(k_notes);
const std::string k_list_notes = select_sql(k_notes) + " WHERE order_id = ? ORDER BY created_at_ms, id";
const std::string k_insert_log = insert_sql(k_logs);
// Logs follow the order's versions; the time and id only break ties of imported rows.
const std::string k_list_logs =
    select_sql(k_logs) + " WHERE order_id = ? ORDER BY order_version, created_at_ms, id LIMIT ?";

}  // namespace

void sql_order_repository::insert(const order_record& order) {
    OC_DEBUG_ASSERT(writable());
    c_.run(k_insert_order, insert_params(k_orders, order).span(), [](const sql_row&) {});
}

std::optional<order_record> sql_order_repository::find(std::string_view id) {
    std::optional<order_record> found;
    c_.execute(k_find_order, {id}, [&](const sql_row& r) { found = read_row(k_orders, r); });
    return found;
}

std::optional<std::string> sql_order_repository::find_id_by_number(std::string_view number) {
    std::optional<std::string> found;
    c_.execute("SELECT id FROM orders WHERE number = ?", {number},
               [&](const sql_row& r) { found = r.text(0); });
    return found;
}

bool sql_order_repository::update(const order_record& order, std::int64_t expected_version) {
    OC_DEBUG_ASSERT(writable());
    sql_params p = update_params(k_orders, order);
    p.push(std::string_view(order.id));
    p.push(expected_version);
    return c_.run(k_update_order, p.span(), [](const sql_row&) {}) == 1;
}

std::vector<order_record> sql_order_repository::list(const order_filter& f) {
    return sql_list_query(k_orders, k_select_orders)
        .equals("status", f.status)
        .equals("site_id", f.site_id)
        .equals("station_id", f.station_id)
        .equals("customer_id", f.customer_id)
        .equals("assignee_id", f.assignee_id)
        .at_least("updated_at_ms", f.updated_since_ms)
        .after(f.after_created_at_ms, f.after_id)
        .run(c_, f.limit);
}

std::int64_t sql_order_repository::count() {
    i64 total = 0;
    c_.execute("SELECT COUNT(*) FROM orders", {}, [&](const sql_row& r) { total = r.int64(0); });
    return total;
}

void sql_order_repository::insert_note(const order_note_record& note) {
    OC_DEBUG_ASSERT(writable());
    c_.run(k_insert_note, insert_params(k_notes, note).span(), [](const sql_row&) {});
}

std::vector<order_note_record> sql_order_repository::list_notes(std::string_view order_id) {
    std::vector<order_note_record> out;
    c_.execute(k_list_notes, {order_id}, [&](const sql_row& r) { out.push_back(read_row(k_notes, r)); });
    return out;
}

void sql_order_repository::insert_production_log(const production_log_record& log) {
    OC_DEBUG_ASSERT(writable());
    c_.run(k_insert_log, insert_params(k_logs, log).span(), [](const sql_row&) {});
}

std::vector<production_log_record> sql_order_repository::list_production_logs(std::string_view order_id,
                                                                              int limit) {
    std::vector<production_log_record> out;
    c_.execute(k_list_logs, {order_id, i64{limit}},
               [&](const sql_row& r) { out.push_back(read_row(k_logs, r)); });
    return out;
}

std::optional<std::int64_t> sql_order_repository::last_production_log_at(std::string_view order_id) {
    std::optional<i64> at;
    c_.execute("SELECT MAX(created_at_ms) FROM production_logs WHERE order_id = ?", {order_id},
               [&](const sql_row& r) {
                   if (!r.is_null(0)) at = r.int64(0);
               });
    return at;
}

}  // namespace ordercast::store

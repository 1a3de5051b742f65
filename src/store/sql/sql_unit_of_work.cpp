#include "store/sql/sql_unit_of_work.hpp"

#include <vector>

#include "core/assert.hpp"

namespace ordercast::store {
namespace {

using i64 = std::int64_t;

// ---------------------------------------------------------------------------------------
// Orders. k_order_columns and read_order() must list the columns in the same order.
// ---------------------------------------------------------------------------------------
#define OC_ORDER_COLUMNS                                                                          \
    "id, number, customer_id, site_id, station_id, assignee_id, status, priority, items, "        \
    "total_amount, currency, progress, stage, estimated_minutes, attributes, sync_status, version, " \
    "created_by, created_at_ms, updated_at_ms, completed_at_ms"

order_record read_order(const sql_row& r) {
    order_record o;
    o.id = r.text(0);
    o.number = r.text(1);
    o.customer_id = r.text(2);
    o.site_id = r.text(3);
    o.station_id = r.text(4);
    o.assignee_id = r.text(5);
    o.status = r.text(6);
    o.priority = r.text(7);
    o.items = r.text(8);
    if (!r.is_null(9)) o.total_amount = r.real(9);
    o.currency = r.text(10);
    o.progress = static_cast<int>(r.int64(11));
    o.stage = r.text(12);
    if (!r.is_null(13)) o.estimated_minutes = r.int64(13);
    o.attributes = r.text(14);
    o.sync_status = r.text(15);
    o.version = r.int64(16);
    o.created_by = r.text(17);
    o.created_at_ms = r.int64(18);
    o.updated_at_ms = r.int64(19);
    o.completed_at_ms = r.int64(20);
    return o;
}

sql_param optional_real(const std::optional<double>& v) { return v ? sql_param{*v} : sql_param{}; }
sql_param optional_int(const std::optional<i64>& v) { return v ? sql_param{*v} : sql_param{}; }
sql_param nonzero_or_null(i64 v) { return v != 0 ? sql_param{v} : sql_param{}; }

constexpr std::string_view k_insert_order =
    "INSERT INTO orders (" OC_ORDER_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view k_find_order = "SELECT " OC_ORDER_COLUMNS " FROM orders WHERE id = ?";
constexpr std::string_view k_update_order =
    "UPDATE orders SET number = ?, customer_id = ?, site_id = ?, station_id = ?, assignee_id = ?, status = ?, "
    "priority = ?, items = ?, total_amount = ?, currency = ?, progress = ?, stage = ?, estimated_minutes = ?, "
    "attributes = ?, sync_status = ?, version = ?, updated_at_ms = ?, completed_at_ms = ? "
    "WHERE id = ? AND version = ?";

// ---------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------
#define OC_CUSTOMER_COLUMNS "id, name, email, phone, site_id, default_measurements, created_at_ms, updated_at_ms"

customer_record read_customer(const sql_row& r) {
    customer_record c;
    c.id = r.text(0);
    c.name = r.text(1);
    c.email = r.text(2);
    c.phone = r.text(3);
    c.site_id = r.text(4);
    c.default_measurements = r.text(5);
    c.created_at_ms = r.int64(6);
    c.updated_at_ms = r.int64(7);
    return c;
}

// ---------------------------------------------------------------------------------------
// Keyset pagination: "newest first" lists continue strictly after the cursor row.
// ---------------------------------------------------------------------------------------
void append_condition(std::string& sql, bool& first, std::string_view condition) {
    sql += first ? " WHERE " : " AND ";
    sql += condition;
    first = false;
}

}  // namespace

sql_unit_of_work::sql_unit_of_work(sql_connection& c, tx_mode mode, std::function<void()> release)
    : c_(c), mode_(mode), release_(std::move(release)) {
    try {
        c_.begin(mode == tx_mode::write);
    } catch (...) {
        release_();
        throw;
    }
}

sql_unit_of_work::~sql_unit_of_work() {
    if (!finished_) c_.rollback();
    release_();
}

void sql_unit_of_work::commit() {
    OC_ASSERT(!finished_);
    finished_ = true;
    try {
        c_.commit();
    } catch (...) {
        c_.rollback();
        throw;
    }
}

// ---- orders -----------------------------------------------------------------------------

void sql_unit_of_work::insert_order(const order_record& o) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    c_.execute(k_insert_order,
               {o.id, sql_text_or_null(o.number), sql_text_or_null(o.customer_id), sql_text_or_null(o.site_id),
                sql_text_or_null(o.station_id), sql_text_or_null(o.assignee_id), o.status, o.priority, o.items,
                optional_real(o.total_amount), sql_text_or_null(o.currency), i64{o.progress},
                sql_text_or_null(o.stage), optional_int(o.estimated_minutes), o.attributes, o.sync_status, o.version,
                sql_text_or_null(o.created_by), o.created_at_ms, o.updated_at_ms, nonzero_or_null(o.completed_at_ms)});
}

std::optional<order_record> sql_unit_of_work::find_order(std::string_view id) {
    std::optional<order_record> found;
    c_.execute(k_find_order, {id}, [&](const sql_row& r) { found = read_order(r); });
    return found;
}

std::optional<std::string> sql_unit_of_work::find_order_id_by_number(std::string_view number) {
    std::optional<std::string> found;
    c_.execute("SELECT id FROM orders WHERE number = ?", {number}, [&](const sql_row& r) { found = r.text(0); });
    return found;
}

bool sql_unit_of_work::update_order(const order_record& o, std::int64_t expected_version) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    i64 changed = c_.execute(
        k_update_order,
        {sql_text_or_null(o.number), sql_text_or_null(o.customer_id), sql_text_or_null(o.site_id),
         sql_text_or_null(o.station_id), sql_text_or_null(o.assignee_id), o.status, o.priority, o.items,
         optional_real(o.total_amount), sql_text_or_null(o.currency), i64{o.progress}, sql_text_or_null(o.stage),
         optional_int(o.estimated_minutes), o.attributes, o.sync_status, o.version, o.updated_at_ms,
         nonzero_or_null(o.completed_at_ms), o.id, expected_version});
    return changed == 1;
}

std::vector<order_record> sql_unit_of_work::list_orders(const order_filter& f) {
    // One SQL shape per combination of filters (a bounded set, each cached once).
    std::string sql = "SELECT " OC_ORDER_COLUMNS " FROM orders";
    std::vector<sql_param> params;
    bool first = true;
    auto equals = [&](std::string_view condition, const std::string& value) {
        if (value.empty()) return;
        append_condition(sql, first, condition);
        params.emplace_back(std::string_view(value));
    };
    equals("status = ?", f.status);
    equals("site_id = ?", f.site_id);
    equals("station_id = ?", f.station_id);
    equals("customer_id = ?", f.customer_id);
    equals("assignee_id = ?", f.assignee_id);
    if (f.updated_since_ms) {
        append_condition(sql, first, "updated_at_ms >= ?");
        params.emplace_back(*f.updated_since_ms);
    }
    if (f.after_created_at_ms) {
        append_condition(sql, first, "(created_at_ms < ? OR (created_at_ms = ? AND id < ?))");
        params.emplace_back(*f.after_created_at_ms);
        params.emplace_back(*f.after_created_at_ms);
        params.emplace_back(std::string_view(f.after_id));
    }
    sql += " ORDER BY created_at_ms DESC, id DESC LIMIT ?";
    params.emplace_back(i64{f.limit});
    std::vector<order_record> out;
    out.reserve(static_cast<std::size_t>(f.limit));
    c_.run(sql, params, [&](const sql_row& r) { out.push_back(read_order(r)); });
    return out;
}

std::int64_t sql_unit_of_work::count_orders() {
    i64 n = 0;
    c_.execute("SELECT COUNT(*) FROM orders", {}, [&](const sql_row& r) { n = r.int64(0); });
    return n;
}

// ---- notes ------------------------------------------------------------------------------

void sql_unit_of_work::insert_note(const order_note_record& n) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    c_.execute("INSERT INTO order_notes (id, order_id, author_id, body, created_at_ms) VALUES (?, ?, ?, ?, ?)",
               {n.id, n.order_id, n.author_id, n.text, n.created_at_ms});
}

std::vector<order_note_record> sql_unit_of_work::list_notes(std::string_view order_id) {
    std::vector<order_note_record> out;
    c_.execute(
        "SELECT id, order_id, author_id, body, created_at_ms FROM order_notes WHERE order_id = ? "
        "ORDER BY created_at_ms, id",
        {order_id}, [&](const sql_row& r) {
            out.push_back({std::string(r.text(0)), std::string(r.text(1)), std::string(r.text(2)),
                           std::string(r.text(3)), r.int64(4)});
        });
    return out;
}

// ---- production logs --------------------------------------------------------------------

void sql_unit_of_work::insert_production_log(const production_log_record& l) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    c_.execute(
        "INSERT INTO production_logs (id, order_id, order_version, stage, status, details, processing_time_ms, "
        "actor_id, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {l.id, l.order_id, l.order_version, sql_text_or_null(l.stage), sql_text_or_null(l.status), l.details,
         l.processing_time_ms, sql_text_or_null(l.actor_id), l.created_at_ms});
}

std::vector<production_log_record> sql_unit_of_work::list_production_logs(std::string_view order_id, int limit) {
    std::vector<production_log_record> out;
    c_.execute(
        "SELECT id, order_id, order_version, stage, status, details, processing_time_ms, actor_id, created_at_ms "
        "FROM production_logs WHERE order_id = ? ORDER BY order_version, created_at_ms, id LIMIT ?",
        {order_id, i64{limit}}, [&](const sql_row& r) {
            production_log_record l;
            l.id = r.text(0);
            l.order_id = r.text(1);
            l.order_version = r.int64(2);
            l.stage = r.text(3);
            l.status = r.text(4);
            l.details = r.text(5);
            l.processing_time_ms = r.int64(6);
            l.actor_id = r.text(7);
            l.created_at_ms = r.int64(8);
            out.push_back(std::move(l));
        });
    return out;
}

std::optional<std::int64_t> sql_unit_of_work::last_production_log_at(std::string_view order_id) {
    std::optional<i64> at;
    c_.execute("SELECT MAX(created_at_ms) FROM production_logs WHERE order_id = ?", {order_id},
               [&](const sql_row& r) {
                   if (!r.is_null(0)) at = r.int64(0);
               });
    return at;
}

// ---- customers --------------------------------------------------------------------------

void sql_unit_of_work::insert_customer(const customer_record& c) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    c_.execute("INSERT INTO customers (" OC_CUSTOMER_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               {c.id, c.name, sql_text_or_null(c.email), sql_text_or_null(c.phone), sql_text_or_null(c.site_id),
                c.default_measurements, c.created_at_ms, c.updated_at_ms});
}

std::optional<customer_record> sql_unit_of_work::find_customer(std::string_view id) {
    std::optional<customer_record> found;
    c_.execute("SELECT " OC_CUSTOMER_COLUMNS " FROM customers WHERE id = ?", {id},
               [&](const sql_row& r) { found = read_customer(r); });
    return found;
}

std::vector<customer_record> sql_unit_of_work::list_customers(const customer_filter& f) {
    std::string sql = "SELECT " OC_CUSTOMER_COLUMNS " FROM customers";
    std::vector<sql_param> params;
    bool first = true;
    if (!f.site_id.empty()) {
        append_condition(sql, first, "site_id = ?");
        params.emplace_back(std::string_view(f.site_id));
    }
    if (f.after_created_at_ms) {
        append_condition(sql, first, "(created_at_ms > ? OR (created_at_ms = ? AND id > ?))");
        params.emplace_back(*f.after_created_at_ms);
        params.emplace_back(*f.after_created_at_ms);
        params.emplace_back(std::string_view(f.after_id));
    }
    sql += " ORDER BY created_at_ms, id LIMIT ?";
    params.emplace_back(i64{f.limit});
    std::vector<customer_record> out;
    c_.run(sql, params, [&](const sql_row& r) { out.push_back(read_customer(r)); });
    return out;
}

// ---- idempotency keys -------------------------------------------------------------------

std::optional<idempotency_record> sql_unit_of_work::find_idempotency(std::string_view principal_id,
                                                                     std::string_view key) {
    std::optional<idempotency_record> found;
    c_.execute(
        "SELECT principal_id, idem_key, request_hash, status, response_body, created_at_ms FROM idempotency_keys "
        "WHERE principal_id = ? AND idem_key = ?",
        {principal_id, key}, [&](const sql_row& r) {
            found = idempotency_record{std::string(r.text(0)), std::string(r.text(1)), std::string(r.text(2)),
                                       static_cast<int>(r.int64(3)), std::string(r.text(4)), r.int64(5)};
        });
    return found;
}

void sql_unit_of_work::insert_idempotency(const idempotency_record& rec) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    c_.execute(
        "INSERT INTO idempotency_keys (principal_id, idem_key, request_hash, status, response_body, created_at_ms) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {rec.principal_id, rec.key, rec.request_hash, i64{rec.status}, rec.response_body, rec.created_at_ms});
}

std::int64_t sql_unit_of_work::delete_idempotency_before(std::int64_t cutoff_ms) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    return c_.execute("DELETE FROM idempotency_keys WHERE created_at_ms < ?", {cutoff_ms});  // indexed
}

}  // namespace ordercast::store

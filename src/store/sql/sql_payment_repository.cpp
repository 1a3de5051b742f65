// The payments repository (migrations/005_payments.sql), in portable SQL.
#include "core/assert.hpp"
#include "store/sql/sql_repositories.hpp"
#include "store/sql/sql_table.hpp"

namespace ordercast::store {
namespace {

using pay = payment_record;

// Oldest first. A payment is a record of what the provider said: nothing of it changes.
constexpr sql_table<pay, 14> k_payments{
    "payments",
    {{fixed(col("id", &pay::id)), fixed(col("order_id", &pay::order_id)),
      fixed(nullable_col("site_id", &pay::site_id)), fixed(col("amount", &pay::amount)),
      fixed(col("method", &pay::method)), fixed(col("status", &pay::status)),
      fixed(col("transaction_id", &pay::transaction_id)), fixed(nullable_col("reason", &pay::reason)),
      fixed(nullable_col("message", &pay::message)), fixed(nullable_col("receipt_url", &pay::receipt_url)),
      fixed(nullable_col("retry_url", &pay::retry_url)), fixed(nullable_col("expires_at", &pay::expires_at)),
      fixed(col("created_by", &pay::created_by)), fixed(col("created_at_ms", &pay::created_at_ms))}},
    {"created_at_ms", "id", false}};

const std::string k_select_payments = select_sql(k_payments);
const std::string k_insert_payment = insert_sql(k_payments);
const std::string k_list_payments = k_select_payments + " WHERE order_id = ? ORDER BY created_at_ms, id";
constexpr std::string_view k_paid_amount =
    "SELECT COALESCE(SUM(amount), 0) FROM payments WHERE order_id = ? AND status = 'success'";
constexpr std::string_view k_revenue_since =
    "SELECT COALESCE(SUM(amount), 0) FROM payments WHERE site_id = ? AND status = 'success' AND "
    "created_at_ms >= ?";

}  // namespace

void sql_payment_repository::insert(const payment_record& payment) {
    OC_DEBUG_ASSERT(writable());
    c_.run(k_insert_payment, insert_params(k_payments, payment).span(), [](const sql_row&) {});
}

std::vector<payment_record> sql_payment_repository::list(std::string_view order_id) {
    std::vector<payment_record> out;
    c_.execute(k_list_payments, {order_id},
               [&](const sql_row& r) { out.push_back(read_row(k_payments, r)); });
    return out;
}

double sql_payment_repository::paid_amount(std::string_view order_id) {
    double sum = 0;
    c_.execute(k_paid_amount, {order_id}, [&](const sql_row& r) { sum = r.real(0); });
    return sum;
}

double sql_payment_repository::revenue_since(std::string_view site_id, std::int64_t since_ms) {
    double sum = 0;
    c_.execute(k_revenue_since, {site_id, since_ms}, [&](const sql_row& r) { sum = r.real(0); });
    return sum;
}

}  // namespace ordercast::store

// The customers and idempotency-key repositories (migrations/001_initial.sql), in portable SQL.
#include "core/assert.hpp"
#include "store/sql/sql_repositories.hpp"
#include "store/sql/sql_table.hpp"

namespace ordercast::store {
namespace {

using c = customer_record;
// Oldest first.
constexpr sql_table<c, 8> k_customers{
    "customers",
    {{fixed(col("id", &c::id)), col("name", &c::name), nullable_col("email", &c::email),
      nullable_col("phone", &c::phone), nullable_col("site_id", &c::site_id),
      col("default_measurements", &c::default_measurements), fixed(col("created_at_ms", &c::created_at_ms)),
      col("updated_at_ms", &c::updated_at_ms)}},
    {"created_at_ms", "id", false}};

using k = idempotency_record;
constexpr sql_table<k, 6> k_keys{
    "idempotency_keys",
    {{col("principal_id", &k::principal_id), col("idem_key", &k::key), col("request_hash", &k::request_hash),
      col("status", &k::status), col("response_body", &k::response_body),
      col("created_at_ms", &k::created_at_ms)}},
    {"created_at_ms", "idem_key", false}};

const std::string k_select_customers = select_sql(k_customers);
const std::string k_insert_customer = insert_sql(k_customers);
const std::string k_find_customer = k_select_customers + " WHERE id = ?";
const std::string k_find_key = select_sql(k_keys) + " WHERE principal_id = ? AND idem_key = ?";
const std::string k_insert_key = insert_sql(k_keys);

}  // namespace

// ---- customers --------------------------------------------------------------------------

void sql_customer_repository::insert(const customer_record& customer) {
    OC_DEBUG_ASSERT(writable());
    c_.run(k_insert_customer, insert_params(k_customers, customer).span(), [](const sql_row&) {});
}

std::optional<customer_record> sql_customer_repository::find(std::string_view id) {
    std::optional<customer_record> found;
    c_.execute(k_find_customer, {id}, [&](const sql_row& r) { found = read_row(k_customers, r); });
    return found;
}

std::vector<customer_record> sql_customer_repository::list(const customer_filter& f) {
    return sql_list_query(k_customers, k_select_customers)
        .equals("site_id", f.site_id)
        .after(f.after_created_at_ms, f.after_id)
        .run(c_, f.limit);
}

// ---- idempotency keys -------------------------------------------------------------------

std::optional<idempotency_record> sql_idempotency_repository::find(std::string_view principal_id,
                                                                   std::string_view key) {
    std::optional<idempotency_record> found;
    c_.execute(k_find_key, {principal_id, key}, [&](const sql_row& r) { found = read_row(k_keys, r); });
    return found;
}

void sql_idempotency_repository::insert(const idempotency_record& record) {
    OC_DEBUG_ASSERT(writable());
    c_.run(k_insert_key, insert_params(k_keys, record).span(), [](const sql_row&) {});
}

std::int64_t sql_idempotency_repository::delete_before(std::int64_t cutoff_ms) {
    OC_DEBUG_ASSERT(writable());
    return c_.execute("DELETE FROM idempotency_keys WHERE created_at_ms < ?", {cutoff_ms});  // indexed
}

}  // namespace ordercast::store

#pragma once
// The store: one interface, engines behind it (SQLite now, PostgreSQL next). Callers work
// in units of work — one transaction each — through typed repository methods; no SQL and
// no engine type leaks above this header.
//
// Threads: a store may be used from any number of threads at once. Each unit of work
// belongs to the thread that began it until it is destroyed. Write units are serialized
// (an engine may run one at a time); read units run concurrently with each other and with
// the writer, each on a consistent snapshot.
//
// Durability: when commit() returns, the transaction is on stable storage (it survives
// kill -9 and, with the default settings, power loss).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "store/records.hpp"

namespace ordercast::store {

enum class tx_mode { read, write };

// One transaction. Destroying it without commit() rolls it back. Methods throw
// store_error on engine failures (the caller answers 500/503 and must not retry blindly),
// unique_violation on a duplicate key. Write methods on a read unit are a broken contract.
class unit_of_work {
public:
    virtual ~unit_of_work() = default;

    // ---- orders
    virtual void insert_order(const order_record& order) = 0;
    [[nodiscard]] virtual std::optional<order_record> find_order(std::string_view id) = 0;
    // The id of the order whose external number is `number` (numbers are unique).
    [[nodiscard]] virtual std::optional<std::string> find_order_id_by_number(std::string_view number) = 0;
    // Writes every column of `order` where id matches and version == expected_version, and
    // returns true; false when the row is missing or its version differs (nothing written).
    // The caller sets order.version to expected_version + 1.
    virtual bool update_order(const order_record& order, std::int64_t expected_version) = 0;
    // Newest first (created_at, then id, descending); at most filter.limit rows.
    [[nodiscard]] virtual std::vector<order_record> list_orders(const order_filter& filter) = 0;
    [[nodiscard]] virtual std::int64_t count_orders() = 0;

    // ---- notes
    virtual void insert_note(const order_note_record& note) = 0;
    [[nodiscard]] virtual std::vector<order_note_record> list_notes(std::string_view order_id) = 0;

    // ---- production logs
    virtual void insert_production_log(const production_log_record& log) = 0;
    // Oldest first.
    [[nodiscard]] virtual std::vector<production_log_record> list_production_logs(std::string_view order_id,
                                                                                  int limit) = 0;
    // The time of the order's newest log row, or nullopt when it has none.
    [[nodiscard]] virtual std::optional<std::int64_t> last_production_log_at(std::string_view order_id) = 0;

    // ---- customers
    virtual void insert_customer(const customer_record& customer) = 0;
    [[nodiscard]] virtual std::optional<customer_record> find_customer(std::string_view id) = 0;
    // Oldest first (created_at, then id, ascending).
    [[nodiscard]] virtual std::vector<customer_record> list_customers(const customer_filter& filter) = 0;

    // ---- idempotency keys
    [[nodiscard]] virtual std::optional<idempotency_record> find_idempotency(std::string_view principal_id,
                                                                           std::string_view key) = 0;
    virtual void insert_idempotency(const idempotency_record& record) = 0;
    // Removes the keys created before `cutoff_ms`; returns how many. Write units only.
    virtual std::int64_t delete_idempotency_before(std::int64_t cutoff_ms) = 0;

    // ---- job queue (records.hpp, docs/queue.md)
    // Hands out the next number of `day` (YYYYMMDD): 1, 2, 3 ... Write units only.
    [[nodiscard]] virtual std::int64_t next_job_number(std::string_view day) = 0;
    virtual void insert_job(const job_record& job) = 0;
    [[nodiscard]] virtual std::optional<job_record> find_job(std::string_view id) = 0;
    // As update_order: writes every mutable column when version == expected_version.
    virtual bool update_job(const job_record& job, std::int64_t expected_version) = 0;
    [[nodiscard]] virtual std::vector<job_record> list_jobs(const job_filter& filter) = 0;
    // Takes the best due job (see job_claim) and marks it PROCESSING for the claimant in
    // this transaction: status, station, operator, started_at, attempts + 1, version + 1.
    // Returns the job as written, or nullopt when none is due. Write units only; two
    // concurrent claims never return the same job (SQLite: one writer; PostgreSQL: the
    // select takes FOR UPDATE SKIP LOCKED).
    [[nodiscard]] virtual std::optional<job_record> claim_next_job(const job_claim& claim) = 0;
    // Jobs by site, status and priority; site "" counts every site.
    [[nodiscard]] virtual std::vector<job_count> count_jobs(std::string_view site_id) = 0;
    // QUEUED jobs by site and station; site "" for every site.
    [[nodiscard]] virtual std::vector<job_backlog> job_backlogs(std::string_view site_id) = 0;
    // started_at - queued_at of jobs started at or after `since_ms`, newest first, at most `limit`.
    [[nodiscard]] virtual std::vector<std::int64_t> job_waits(std::int64_t since_ms, int limit) = 0;
    // Pauses (inserts) or resumes (deletes) one queue; returns whether anything changed.
    virtual bool set_queue_pause(const queue_pause_record& pause, bool paused) = 0;
    // The pauses of a site, or of every site for "".
    [[nodiscard]] virtual std::vector<queue_pause_record> list_queue_pauses(std::string_view site_id) = 0;

    // ---- operations (sql/sql_operation_rows.cpp) -----------------------------------------
    virtual void insert_operation(const operation_record& op) = 0;
    [[nodiscard]] virtual std::optional<operation_record> find_operation(std::string_view id) = 0;
    // As update_order: false when the row is missing or not at expected_version.
    virtual bool update_operation(const operation_record& op, std::int64_t expected_version) = 0;
    // Open (pending or running) operations whose last progress is before cutoff_ms, oldest first.
    [[nodiscard]] virtual std::vector<operation_record> list_stale_operations(std::int64_t cutoff_ms, int limit) = 0;
    // Deletes operations finished before cutoff_ms; returns how many.
    virtual std::int64_t delete_finished_operations(std::int64_t cutoff_ms) = 0;
    // Operations that failed with `error_code` since since_ms, counted per site (sites only).
    [[nodiscard]] virtual std::vector<std::pair<std::string, std::int64_t>> count_failed_operations_by_site(
        std::string_view error_code, std::int64_t since_ms) = 0;

    // ---- alerts (sql/sql_alert_rows.cpp) ---------------------------------------------------
    virtual void insert_alert(const alert_record& alert) = 0;
    [[nodiscard]] virtual std::optional<alert_record> find_alert(std::string_view id) = 0;
    // Writes state and the ack/resolve columns of the row `alert.id`.
    virtual void update_alert_state(const alert_record& alert) = 0;
    [[nodiscard]] virtual std::vector<alert_record> list_alerts(const alert_filter& filter) = 0;
    // Alerts raised by rules that are not resolved yet.
    [[nodiscard]] virtual std::vector<alert_record> list_unresolved_rule_alerts() = 0;

    // ---- order figures for rules and streams (sql/sql_figure_rows.cpp) --------------------
    // Orders grouped by (site, station, status); `site_id` empty: every site.
    [[nodiscard]] virtual std::vector<order_group_figures> order_groups(std::string_view site_id) = 0;
    [[nodiscard]] virtual std::int64_t count_orders_created_since(std::string_view site_id, std::int64_t since_ms) = 0;
    [[nodiscard]] virtual std::int64_t count_orders_completed_since(std::string_view site_id, std::int64_t since_ms) = 0;
    // The items JSON of orders of the site created since since_ms, at most `limit`.
    [[nodiscard]] virtual std::vector<std::string> order_items_since(std::string_view site_id, std::int64_t since_ms,
                                                                     int limit) = 0;
    // (site, attributes JSON) of orders updated since since_ms whose attributes mention `word`.
    [[nodiscard]] virtual std::vector<std::pair<std::string, std::string>> order_attributes_mentioning(
        std::string_view word, std::int64_t since_ms, int limit) = 0;

    // Makes the transaction durable. After it (or after it throws) the unit is finished:
    // no further calls.
    virtual void commit() = 0;
};

struct store_status {
    std::string engine;    // "sqlite"
    std::string location;  // the database file, or a redacted connection string
    migration_state migrations;
    std::int64_t orders = 0;
};

class store {
public:
    virtual ~store() = default;

    // Begins a transaction. A write unit may wait for the unit before it (bounded by the
    // engine's busy timeout, then store_error).
    [[nodiscard]] virtual std::unique_ptr<unit_of_work> begin(tx_mode mode) = 0;

    // Where the schema stands. Does not change anything.
    [[nodiscard]] virtual migration_state migration_status() = 0;
    // Applies every pending migration, each in its own transaction; returns the versions
    // applied. Throws schema_error when the database is newer than this binary.
    virtual std::vector<int> migrate() = 0;

    [[nodiscard]] virtual store_status status() = 0;
};

// Runs `fn` in a write unit and commits it; returns what `fn` returns. When `fn` throws,
// the unit rolls back and the exception propagates.
template <class F>
auto with_write(store& s, F&& fn) {
    auto uow = s.begin(tx_mode::write);
    if constexpr (std::is_void_v<decltype(fn(*uow))>) {
        fn(*uow);
        uow->commit();
    } else {
        auto result = fn(*uow);
        uow->commit();
        return result;
    }
}

}  // namespace ordercast::store

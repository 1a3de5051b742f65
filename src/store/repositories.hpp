#pragma once
// One repository per aggregate, handed out by a unit of work (store.hpp) and valid only while
// it lives: every call runs in that unit's transaction. An engine implements each of them;
// callers see records (records.hpp), never SQL.
//
// Every method throws store_error on an engine failure and unique_violation on a duplicate
// key. Methods that write ("Write units only") called on a read unit are a broken contract.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/records.hpp"

namespace ordercast::store {

// ---------------------------------------------------------------------------------------
// orders, with their notes and production logs
// ---------------------------------------------------------------------------------------
class order_repository {
public:
    virtual void insert(const order_record& order) = 0;
    [[nodiscard]] virtual std::optional<order_record> find(std::string_view id) = 0;
    // The id of the order whose external number is `number` (numbers are unique).
    [[nodiscard]] virtual std::optional<std::string> find_id_by_number(std::string_view number) = 0;
    // Writes every mutable column of `order` where id matches and version == expected_version,
    // and returns true; false when the row is missing or its version differs (nothing
    // written). The caller sets order.version to expected_version + 1.
    virtual bool update(const order_record& order, std::int64_t expected_version) = 0;
    // Newest first (created_at, then id, descending); at most filter.limit rows.
    [[nodiscard]] virtual std::vector<order_record> list(const order_filter& filter) = 0;
    [[nodiscard]] virtual std::int64_t count() = 0;

    virtual void insert_note(const order_note_record& note) = 0;
    // Oldest first.
    [[nodiscard]] virtual std::vector<order_note_record> list_notes(std::string_view order_id) = 0;

    virtual void insert_production_log(const production_log_record& log) = 0;
    // In the order's version order, at most `limit`.
    [[nodiscard]] virtual std::vector<production_log_record> list_production_logs(std::string_view order_id,
                                                                                  int limit) = 0;
    // The time of the order's newest log row, or nullopt when it has none.
    [[nodiscard]] virtual std::optional<std::int64_t> last_production_log_at(std::string_view order_id) = 0;

protected:
    ~order_repository() = default;
};

// ---------------------------------------------------------------------------------------
// customers
// ---------------------------------------------------------------------------------------
class customer_repository {
public:
    virtual void insert(const customer_record& customer) = 0;
    [[nodiscard]] virtual std::optional<customer_record> find(std::string_view id) = 0;
    // Oldest first (created_at, then id, ascending).
    [[nodiscard]] virtual std::vector<customer_record> list(const customer_filter& filter) = 0;

protected:
    ~customer_repository() = default;
};

// ---------------------------------------------------------------------------------------
// idempotency keys
// ---------------------------------------------------------------------------------------
class idempotency_repository {
public:
    [[nodiscard]] virtual std::optional<idempotency_record> find(std::string_view principal_id,
                                                                 std::string_view key) = 0;
    virtual void insert(const idempotency_record& record) = 0;
    // Removes the keys created before `cutoff_ms`; returns how many. Write units only.
    virtual std::int64_t delete_before(std::int64_t cutoff_ms) = 0;

protected:
    ~idempotency_repository() = default;
};

// ---------------------------------------------------------------------------------------
// the job queue: jobs, their day counters and the queue pauses (docs/queue.md)
// ---------------------------------------------------------------------------------------
class job_repository {
public:
    // Hands out the next number of `day` (YYYYMMDD): 1, 2, 3 ... Write units only.
    [[nodiscard]] virtual std::int64_t next_number(std::string_view day) = 0;
    virtual void insert(const job_record& job) = 0;
    [[nodiscard]] virtual std::optional<job_record> find(std::string_view id) = 0;
    // As order_repository::update: writes every mutable column when version == expected_version.
    virtual bool update(const job_record& job, std::int64_t expected_version) = 0;
    // Oldest first (created_at, then id); at most filter.limit rows.
    [[nodiscard]] virtual std::vector<job_record> list(const job_filter& filter) = 0;
    // Takes the best due job (see job_claim) and marks it PROCESSING for the claimant in
    // this transaction: status, station, operator, started_at, attempts + 1, version + 1.
    // Returns the job as written, or nullopt when none is due. Write units only; two
    // concurrent claims never return the same job (SQLite: one writer; PostgreSQL: the
    // select takes FOR UPDATE SKIP LOCKED).
    [[nodiscard]] virtual std::optional<job_record> claim_next(const job_claim& claim) = 0;
    // Jobs by site, status and priority; site "" counts every site.
    [[nodiscard]] virtual std::vector<job_count> count(std::string_view site_id) = 0;
    // QUEUED jobs by site and station; site "" for every site.
    [[nodiscard]] virtual std::vector<job_backlog> backlogs(std::string_view site_id) = 0;
    // started_at - queued_at of jobs started at or after `since_ms`, newest first, at most `limit`.
    [[nodiscard]] virtual std::vector<std::int64_t> waits(std::int64_t since_ms, int limit) = 0;
    // Pauses (inserts) or resumes (deletes) one queue; returns whether anything changed.
    virtual bool set_pause(const queue_pause_record& pause, bool paused) = 0;
    // The pauses of a site, or of every site for "".
    [[nodiscard]] virtual std::vector<queue_pause_record> list_pauses(std::string_view site_id) = 0;

protected:
    ~job_repository() = default;
};

// ---------------------------------------------------------------------------------------
// long-running operations
// ---------------------------------------------------------------------------------------
class operation_repository {
public:
    virtual void insert(const operation_record& op) = 0;
    [[nodiscard]] virtual std::optional<operation_record> find(std::string_view id) = 0;
    // As order_repository::update: false when the row is missing or not at expected_version.
    virtual bool update(const operation_record& op, std::int64_t expected_version) = 0;
    // Deletes the operation; false when there was none. Write units only.
    virtual bool remove(std::string_view id) = 0;
    // Open (pending or running) operations whose last progress is before cutoff_ms, oldest first.
    [[nodiscard]] virtual std::vector<operation_record> list_stale(std::int64_t cutoff_ms, int limit) = 0;
    // Deletes operations finished before cutoff_ms; returns how many.
    virtual std::int64_t delete_finished(std::int64_t cutoff_ms) = 0;
    // Operations that failed with `error_code` since since_ms, counted per site (sites only).
    [[nodiscard]] virtual std::vector<std::pair<std::string, std::int64_t>> count_failed_by_site(
        std::string_view error_code, std::int64_t since_ms) = 0;

protected:
    ~operation_repository() = default;
};

// ---------------------------------------------------------------------------------------
// alerts
// ---------------------------------------------------------------------------------------
class alert_repository {
public:
    virtual void insert(const alert_record& alert) = 0;
    [[nodiscard]] virtual std::optional<alert_record> find(std::string_view id) = 0;
    // Writes state and the ack/resolve columns of the row `alert.id`.
    virtual void update_state(const alert_record& alert) = 0;
    // Newest first; at most filter.limit rows.
    [[nodiscard]] virtual std::vector<alert_record> list(const alert_filter& filter) = 0;
    // Alerts raised by rules that are not resolved yet, oldest first.
    [[nodiscard]] virtual std::vector<alert_record> list_unresolved_rule_alerts() = 0;

protected:
    ~alert_repository() = default;
};

// ---------------------------------------------------------------------------------------
// payments
// ---------------------------------------------------------------------------------------
class payment_repository {
public:
    // Throws unique_violation when the order already has a payment with that transaction id.
    virtual void insert(const payment_record& payment) = 0;
    // Oldest first.
    [[nodiscard]] virtual std::vector<payment_record> list(std::string_view order_id) = 0;
    // The sum of the order's successful payments (0 when none).
    [[nodiscard]] virtual double paid_amount(std::string_view order_id) = 0;
    // The sum of the site's successful payments since since_ms.
    [[nodiscard]] virtual double revenue_since(std::string_view site_id, std::int64_t since_ms) = 0;

protected:
    ~payment_repository() = default;
};

// ---------------------------------------------------------------------------------------
// figures over orders, for the alert rules and the metrics streams (reads only)
// ---------------------------------------------------------------------------------------
class figure_repository {
public:
    // Orders grouped by (site, station, status); `site_id` empty: every site.
    [[nodiscard]] virtual std::vector<order_group_figures> order_groups(std::string_view site_id) = 0;
    [[nodiscard]] virtual std::int64_t orders_created_since(std::string_view site_id,
                                                            std::int64_t since_ms) = 0;
    [[nodiscard]] virtual std::int64_t orders_completed_since(std::string_view site_id,
                                                              std::int64_t since_ms) = 0;
    // The items JSON of orders of the site created since since_ms, at most `limit`.
    [[nodiscard]] virtual std::vector<std::string> order_items_since(std::string_view site_id,
                                                                     std::int64_t since_ms, int limit) = 0;
    // (site, attributes JSON) of orders updated since since_ms whose attributes mention `word`.
    [[nodiscard]] virtual std::vector<std::pair<std::string, std::string>> order_attributes_mentioning(
        std::string_view word, std::int64_t since_ms, int limit) = 0;

protected:
    ~figure_repository() = default;
};

// ---------------------------------------------------------------------------------------
// the floor: stations and staff
// ---------------------------------------------------------------------------------------
class station_repository {
public:
    virtual void insert(const station_record& station) = 0;
    [[nodiscard]] virtual std::optional<station_record> find(std::string_view id) = 0;
    // As order_repository::update: false when the row is missing or not at expected_version.
    virtual bool update(const station_record& station, std::int64_t expected_version) = 0;
    // Oldest first; at most filter.limit rows.
    [[nodiscard]] virtual std::vector<station_record> list(const floor_filter& filter) = 0;

protected:
    ~station_repository() = default;
};

class staff_repository {
public:
    virtual void insert(const staff_record& member) = 0;
    [[nodiscard]] virtual std::optional<staff_record> find(std::string_view id) = 0;
    // As order_repository::update: false when the row is missing or not at expected_version.
    virtual bool update(const staff_record& member, std::int64_t expected_version) = 0;
    // Oldest first; at most filter.limit rows.
    [[nodiscard]] virtual std::vector<staff_record> list(const floor_filter& filter) = 0;

protected:
    ~staff_repository() = default;
};

}  // namespace ordercast::store

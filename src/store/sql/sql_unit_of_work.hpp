#pragma once
// The repositories, written once in portable SQL over an sql_connection: every engine's
// unit of work is this class, holding one of the engine's connections for one transaction.
#include <functional>

#include "store/sql/sql_connection.hpp"
#include "store/store.hpp"

namespace ordercast::store {

class sql_unit_of_work final : public unit_of_work {
public:
    // Begins the transaction on `c`. `release` runs exactly once, when the unit is destroyed
    // (after the rollback of an uncommitted unit): it gives the connection back to the
    // engine (unlocks the writer, returns a reader to its pool). Throws store_error.
    sql_unit_of_work(sql_connection& c, tx_mode mode, std::function<void()> release);
    ~sql_unit_of_work() override;
    sql_unit_of_work(const sql_unit_of_work&) = delete;
    sql_unit_of_work& operator=(const sql_unit_of_work&) = delete;

    void insert_order(const order_record& order) override;
    std::optional<order_record> find_order(std::string_view id) override;
    std::optional<std::string> find_order_id_by_number(std::string_view number) override;
    bool update_order(const order_record& order, std::int64_t expected_version) override;
    std::vector<order_record> list_orders(const order_filter& filter) override;
    std::int64_t count_orders() override;

    void insert_note(const order_note_record& note) override;
    std::vector<order_note_record> list_notes(std::string_view order_id) override;

    void insert_production_log(const production_log_record& log) override;
    std::vector<production_log_record> list_production_logs(std::string_view order_id, int limit) override;
    std::optional<std::int64_t> last_production_log_at(std::string_view order_id) override;

    void insert_customer(const customer_record& customer) override;
    std::optional<customer_record> find_customer(std::string_view id) override;
    std::vector<customer_record> list_customers(const customer_filter& filter) override;

    std::optional<idempotency_record> find_idempotency(std::string_view principal_id, std::string_view key) override;
    void insert_idempotency(const idempotency_record& record) override;
    std::int64_t delete_idempotency_before(std::int64_t cutoff_ms) override;

    // ---- job queue: defined in sql_job_rows.cpp
    std::int64_t next_job_number(std::string_view day) override;
    void insert_job(const job_record& job) override;
    std::optional<job_record> find_job(std::string_view id) override;
    bool update_job(const job_record& job, std::int64_t expected_version) override;
    std::vector<job_record> list_jobs(const job_filter& filter) override;
    std::optional<job_record> claim_next_job(const job_claim& claim) override;
    std::vector<job_count> count_jobs(std::string_view site_id) override;
    std::vector<job_backlog> job_backlogs(std::string_view site_id) override;
    std::vector<std::int64_t> job_waits(std::int64_t since_ms, int limit) override;
    bool set_queue_pause(const queue_pause_record& pause, bool paused) override;
    std::vector<queue_pause_record> list_queue_pauses(std::string_view site_id) override;

    // operations, alerts and order figures: sql_operation_rows.cpp, sql_alert_rows.cpp,
    // sql_figure_rows.cpp
    void insert_operation(const operation_record& op) override;
    std::optional<operation_record> find_operation(std::string_view id) override;
    bool update_operation(const operation_record& op, std::int64_t expected_version) override;
    std::vector<operation_record> list_stale_operations(std::int64_t cutoff_ms, int limit) override;
    std::int64_t delete_finished_operations(std::int64_t cutoff_ms) override;
    std::vector<std::pair<std::string, std::int64_t>> count_failed_operations_by_site(std::string_view error_code,
                                                                                      std::int64_t since_ms) override;
    void insert_alert(const alert_record& alert) override;
    std::optional<alert_record> find_alert(std::string_view id) override;
    void update_alert_state(const alert_record& alert) override;
    std::vector<alert_record> list_alerts(const alert_filter& filter) override;
    std::vector<alert_record> list_unresolved_rule_alerts() override;
    std::vector<order_group_figures> order_groups(std::string_view site_id) override;
    std::int64_t count_orders_created_since(std::string_view site_id, std::int64_t since_ms) override;
    std::int64_t count_orders_completed_since(std::string_view site_id, std::int64_t since_ms) override;
    std::vector<std::string> order_items_since(std::string_view site_id, std::int64_t since_ms, int limit) override;
    std::vector<std::pair<std::string, std::string>> order_attributes_mentioning(std::string_view word,
                                                                                 std::int64_t since_ms,
                                                                                 int limit) override;

    void commit() override;

private:
    sql_connection& c_;
    tx_mode mode_;
    std::function<void()> release_;
    bool finished_ = false;
};

}  // namespace ordercast::store

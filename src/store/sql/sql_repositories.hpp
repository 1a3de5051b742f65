#pragma once
// The repositories of repositories.hpp, written once in portable SQL over an sql_connection
// (one .cpp per aggregate: sql_order_repository.cpp, ...). Each holds the connection of its
// unit of work for that unit's life; none owns anything, so a unit hands them out without
// allocating.
#include "store/repositories.hpp"
#include "store/sql/sql_connection.hpp"
#include "store/store.hpp"

namespace ordercast::store {

class sql_repository {
public:
    sql_repository(sql_connection& c, tx_mode mode) : c_(c), mode_(mode) {}

protected:
    // Write methods assert it in debug builds (a broken contract otherwise).
    [[nodiscard]] bool writable() const noexcept { return mode_ == tx_mode::write; }

    sql_connection& c_;
    tx_mode mode_;
};

class sql_order_repository final : public order_repository, sql_repository {
public:
    using sql_repository::sql_repository;
    void insert(const order_record& order) override;
    std::optional<order_record> find(std::string_view id) override;
    std::optional<std::string> find_id_by_number(std::string_view number) override;
    bool update(const order_record& order, std::int64_t expected_version) override;
    std::vector<order_record> list(const order_filter& filter) override;
    std::int64_t count() override;
    void insert_note(const order_note_record& note) override;
    std::vector<order_note_record> list_notes(std::string_view order_id) override;
    void insert_production_log(const production_log_record& log) override;
    std::vector<production_log_record> list_production_logs(std::string_view order_id, int limit) override;
    std::optional<std::int64_t> last_production_log_at(std::string_view order_id) override;
};

class sql_customer_repository final : public customer_repository, sql_repository {
public:
    using sql_repository::sql_repository;
    void insert(const customer_record& customer) override;
    std::optional<customer_record> find(std::string_view id) override;
    std::vector<customer_record> list(const customer_filter& filter) override;
};

class sql_idempotency_repository final : public idempotency_repository, sql_repository {
public:
    using sql_repository::sql_repository;
    std::optional<idempotency_record> find(std::string_view principal_id, std::string_view key) override;
    void insert(const idempotency_record& record) override;
    std::int64_t delete_before(std::int64_t cutoff_ms) override;
};

class sql_job_repository final : public job_repository, sql_repository {
public:
    using sql_repository::sql_repository;
    std::int64_t next_number(std::string_view day) override;
    void insert(const job_record& job) override;
    std::optional<job_record> find(std::string_view id) override;
    bool update(const job_record& job, std::int64_t expected_version) override;
    std::vector<job_record> list(const job_filter& filter) override;
    std::optional<job_record> claim_next(const job_claim& claim) override;
    std::vector<job_count> count(std::string_view site_id) override;
    std::vector<job_backlog> backlogs(std::string_view site_id) override;
    std::vector<std::int64_t> waits(std::int64_t since_ms, int limit) override;
    bool set_pause(const queue_pause_record& pause, bool paused) override;
    std::vector<queue_pause_record> list_pauses(std::string_view site_id) override;
};

class sql_operation_repository final : public operation_repository, sql_repository {
public:
    using sql_repository::sql_repository;
    void insert(const operation_record& op) override;
    std::optional<operation_record> find(std::string_view id) override;
    bool update(const operation_record& op, std::int64_t expected_version) override;
    bool remove(std::string_view id) override;
    std::vector<operation_record> list_stale(std::int64_t cutoff_ms, int limit) override;
    std::int64_t delete_finished(std::int64_t cutoff_ms) override;
    std::vector<std::pair<std::string, std::int64_t>> count_failed_by_site(std::string_view error_code,
                                                                           std::int64_t since_ms) override;
};

class sql_alert_repository final : public alert_repository, sql_repository {
public:
    using sql_repository::sql_repository;
    void insert(const alert_record& alert) override;
    std::optional<alert_record> find(std::string_view id) override;
    void update_state(const alert_record& alert) override;
    std::vector<alert_record> list(const alert_filter& filter) override;
    std::vector<alert_record> list_unresolved_rule_alerts() override;
};

class sql_payment_repository final : public payment_repository, sql_repository {
public:
    using sql_repository::sql_repository;
    void insert(const payment_record& payment) override;
    std::vector<payment_record> list(std::string_view order_id) override;
    double paid_amount(std::string_view order_id) override;
    double revenue_since(std::string_view site_id, std::int64_t since_ms) override;
};

class sql_figure_repository final : public figure_repository, sql_repository {
public:
    using sql_repository::sql_repository;
    std::vector<order_group_figures> order_groups(std::string_view site_id) override;
    std::int64_t orders_created_since(std::string_view site_id, std::int64_t since_ms) override;
    std::int64_t orders_completed_since(std::string_view site_id, std::int64_t since_ms) override;
    std::vector<std::string> order_items_since(std::string_view site_id, std::int64_t since_ms,
                                               int limit) override;
    std::vector<std::pair<std::string, std::string>> order_attributes_mentioning(std::string_view word,
                                                                                 std::int64_t since_ms,
                                                                                 int limit) override;
};

class sql_station_repository final : public station_repository, sql_repository {
public:
    using sql_repository::sql_repository;
    void insert(const station_record& station) override;
    std::optional<station_record> find(std::string_view id) override;
    bool update(const station_record& station, std::int64_t expected_version) override;
    std::vector<station_record> list(const floor_filter& filter) override;
};

class sql_staff_repository final : public staff_repository, sql_repository {
public:
    using sql_repository::sql_repository;
    void insert(const staff_record& member) override;
    std::optional<staff_record> find(std::string_view id) override;
    bool update(const staff_record& member, std::int64_t expected_version) override;
    std::vector<staff_record> list(const floor_filter& filter) override;
};

}  // namespace ordercast::store

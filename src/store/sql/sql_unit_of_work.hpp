#pragma once
// Every engine's unit of work: one of the engine's connections for one transaction, and the
// SQL repositories (sql_repositories.hpp) that run in it.
#include <functional>

#include "store/sql/sql_connection.hpp"
#include "store/sql/sql_repositories.hpp"
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

    order_repository& orders() override { return orders_; }
    customer_repository& customers() override { return customers_; }
    idempotency_repository& idempotency() override { return idempotency_; }
    job_repository& jobs() override { return jobs_; }
    operation_repository& operations() override { return operations_; }
    alert_repository& alerts() override { return alerts_; }
    payment_repository& payments() override { return payments_; }
    figure_repository& figures() override { return figures_; }
    station_repository& stations() override { return stations_; }
    staff_repository& staff() override { return staff_; }

    void commit() override;

private:
    sql_connection& c_;
    std::function<void()> release_;
    bool finished_ = false;
    sql_order_repository orders_;
    sql_customer_repository customers_;
    sql_idempotency_repository idempotency_;
    sql_job_repository jobs_;
    sql_operation_repository operations_;
    sql_alert_repository alerts_;
    sql_payment_repository payments_;
    sql_figure_repository figures_;
    sql_station_repository stations_;
    sql_staff_repository staff_;
};

}  // namespace ordercast::store

#include "store/sql/sql_unit_of_work.hpp"

#include "core/assert.hpp"

namespace ordercast::store {

sql_unit_of_work::sql_unit_of_work(sql_connection& c, tx_mode mode, std::function<void()> release)
    : c_(c),
      release_(std::move(release)),
      orders_(c, mode),
      customers_(c, mode),
      idempotency_(c, mode),
      jobs_(c, mode),
      operations_(c, mode),
      alerts_(c, mode),
      payments_(c, mode),
      figures_(c, mode),
      stations_(c, mode),
      staff_(c, mode) {
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

}  // namespace ordercast::store

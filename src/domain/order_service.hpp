#pragma once
// Orders: validate, write to the store in one transaction, then publish the events.
//
// Threads: any thread (the HTTP and WebSocket handlers call it on their worker). Each call
// blocks for its unit of work (see docs/store.md). Events of one write are published after
// its commit and before the next write unit starts, so every channel sees an order's
// events in commit order.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "domain/domain_error.hpp"
#include "domain/event_sink.hpp"
#include "domain/idempotency.hpp"
#include "domain/order_payments.hpp"
#include "domain/order_request.hpp"
#include "domain/order_status_observer.hpp"
#include "domain/status_machine.hpp"
#include "domain/store_guard.hpp"
#include "store/records.hpp"

namespace ordercast::store {
class store;
}

namespace ordercast::domain {

// An Idempotency-Key and the fingerprint of the request that carried it.

// The answer to a create: the first one again when the key was seen (replayed).
struct created {
    int status = 201;
    std::string body;  // the resource as JSON
    std::string id;
    bool replayed = false;
};

struct order_view {
    store::order_record order;
    std::vector<store::order_note_record> notes;
};

struct order_query {
    std::string status, site_id, station_id, customer_id, assignee_id;
    std::optional<std::int64_t> updated_since_ms;
    std::string cursor;  // from a previous page's next_cursor
    int limit = 50;
};

struct order_page {
    std::vector<store::order_record> orders;
    std::string next_cursor;  // empty on the last page
};

class order_service {
public:
    // All must outlive the service. `clock` stamps the orders, notes and logs it writes.
    order_service(store::store& store, event_sink& events, const core::clock& clock,
                  const status_machine& machine, int max_page_size);

    // 403 when the caller may not create this order (a customer for someone else, staff for
    // another site), 409 ALREADY_EXISTS for a taken number, 422 IDEMPOTENCY_KEY_REUSED.
    outcome<created> create(const auth::principal& who, const order_draft& draft, const idempotency* idem);
    // Every call that names one order takes its id or its external number ("7", "ORD-001234");
    // an id is looked up first, so a number equal to another order's id reaches that order.
    //
    // 404 for orders that do not exist and for those the caller may not see (a refusal
    // never reveals whether an id is in use).
    outcome<order_view> get(const auth::principal& who, std::string_view id);
    outcome<order_page> list(const auth::principal& who, order_query query);
    // 409 VERSION_CONFLICT when patch.expected_version is not current, 409
    // INVALID_ORDER_STATUS for a refused move, 403 for customers. A patch that changes
    // nothing returns the order unchanged, with no new version and no event; one that
    // changes anything publishes at least one event (order_events.hpp).
    outcome<store::order_record> update(const auth::principal& who, std::string_view id,
                                        const order_patch& patch);
    // Records a payment the order's provider reported (order_payments.hpp) and publishes
    // payment_processed or payment_failed. 403 for customers and other sites' staff, 404 for an
    // unknown order, 409 ALREADY_EXISTS for a transaction id the order already has, 422
    // IDEMPOTENCY_KEY_REUSED. Defined in order_payments.cpp.
    outcome<created> record_payment(const auth::principal& who, std::string_view id, const payment_draft& d,
                                    const idempotency* idem);
    outcome<store::order_note_record> add_note(const auth::principal& who, std::string_view id,
                                               std::string text);
    outcome<std::vector<store::production_log_record>> logs(const auth::principal& who, std::string_view id,
                                                            int limit);

    // The ownership hook's question: may `who` see order `id`? False for missing orders and
    // when the store fails.
    bool may_see(const auth::principal& who, std::string_view id) noexcept;
    // The id of the order named by its id or its external number; nullopt when there is
    // none (or the store failed, which is logged). The factory dashboard's clients name orders
    // by number.
    std::optional<std::string> order_id_of(std::string_view id_or_number) noexcept;

    const status_machine& machine() const noexcept { return machine_; }
    int max_page_size() const noexcept { return max_page_size_; }

    // Set once, before the server serves requests: operators read only the orders assigned to
    // them (orders.operators_see_assigned_only).
    void set_operators_see_assigned_only(bool on) noexcept { operators_assigned_only_ = on; }

    // Set once, before the server serves requests; `observer` must outlive the service.
    void set_status_observer(order_status_observer* observer) noexcept { observer_ = observer; }

private:
    store::store& store_;
    event_sink& events_;
    const core::clock& clock_;
    const status_machine& machine_;
    int max_page_size_;
    order_status_observer* observer_ = nullptr;
    bool operators_assigned_only_ = false;
};

}  // namespace ordercast::domain

#pragma once
// Long-running operations (the scheduler's jobs and the like): created with 202, driven by a worker over
// HTTP, watched on operation:{id}. Validates, writes to the store in one transaction, publishes after the
// commit (as order_service does), so the stored state is never behind an event.
//
// Progress never goes backwards: a report below the current progress is refused (422
// INVALID_VALUE with details.currentProgress), never clamped; an equal one may change the
// step or message. A finished operation refuses every change (409 OPERATION_FINISHED).
//
// Threads: any thread; each call blocks for its unit of work.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "domain/domain_error.hpp"
#include "domain/event_sink.hpp"
#include "domain/operations/operation_request.hpp"
#include "domain/operations/operation_settings.hpp"
#include "domain/order_service.hpp"
#include "store/records.hpp"

namespace ordercast::store {
class store;
}

namespace ordercast::domain::operations {

// An operation's stored state for one new subscriber, as a canonical event: its type
// ("operation_state") and data JSON. An empty type: the operation is gone.
struct subscriber_state {
    std::string type;
    std::string data;
};

class operation_service {
public:
    // All must outlive the service. `clock` stamps the operations' times (sweep() takes its own).
    operation_service(store::store& store, event_sink& events, const core::clock& clock,
                      const operations_config& config);

    // How a create with the caller's own id treats that id being taken: 409 ALREADY_EXISTS
    // (POST), or, for a PUT of the same operation by the same caller (kind, owner, site, steps),
    // the operation as it is now, replayed (PUT is idempotent).
    enum class create_mode { post, put };

    // 202 with created_operation_json(); 403 when a customer names another owner or staff
    // another site; 409 ALREADY_EXISTS for a taken id (see create_mode); with `idem`, a retry
    // gets the first answer again (replayed) and a reused key with another request 422
    // IDEMPOTENCY_KEY_REUSED.
    outcome<created> create(const auth::principal& who, const operation_draft& draft, const idempotency* idem,
                            create_mode mode = create_mode::post);
    // 404 for missing operations and for those the caller may not watch.
    outcome<store::operation_record> get(const auth::principal& who, std::string_view id);
    // The worker's calls (creator, admin, service); 403 for anyone else who may watch.
    outcome<store::operation_record> report_progress(const auth::principal& who, std::string_view id,
                                                     const progress_report& report);
    outcome<store::operation_record> complete(const auth::principal& who, std::string_view id,
                                              const completion& c);
    outcome<store::operation_record> fail(const auth::principal& who, std::string_view id, const failure& f);
    // Sets the cancel request the worker sees in its next progress answer, and publishes
    // cancel_requested. Asking again changes nothing.
    outcome<store::operation_record> cancel(const auth::principal& who, std::string_view id);

    // Admin and service only (403 for others who may watch it, 404 for the rest). Both publish
    // on operation:{id} what happened (operation_owner_changed, operation_deleted), which
    // closes the operation's progress connections: the watchers they were admitted for may no
    // longer be allowed. A reassignment that changes nothing publishes nothing; a finished
    // operation may be reassigned too.
    outcome<store::operation_record> reassign(const auth::principal& who, std::string_view id,
                                              const operation_reassignment& r);
    // Returns the operation as it was.
    outcome<store::operation_record> remove(const auth::principal& who, std::string_view id);

    // Fails every open operation without progress for config.progress_timeout_s with
    // TIMEOUT_ERROR (publishing `error`); returns how many. Deletes operations finished more
    // than config.retention_s ago; adds that count to `deleted` when given. Logs store failures.
    int sweep(std::int64_t now_ms, std::int64_t* deleted = nullptr) noexcept;

    // The ownership hook's question; false for missing operations and store failures.
    bool may_watch(const auth::principal& who, std::string_view id) noexcept;
    // The operation_state for a new subscriber (empty type when the operation is gone),
    // read while `subscribe` runs with no change of the operation in between: every change is
    // written and published under the store's writer, which this holds meanwhile. So events
    // the subscriber receives after the state are newer than it. Exceptions from `subscribe`
    // propagate; a store failure is logged and gives an empty state (subscribe still runs).
    subscriber_state state_joining(std::string_view id, const std::function<void()>& subscribe);

    const operations_config& config() const noexcept { return config_; }

private:
    // Loads the operation for a change by `who`: 404, 403 (not the worker), 409 (finished).
    template <class Change>
    outcome<store::operation_record> change(const auth::principal& who, std::string_view id, bool worker_only,
                                            Change&& apply);

    store::store& store_;
    event_sink& events_;
    const core::clock& clock_;
    const operations_config& config_;
};

}  // namespace ordercast::domain::operations

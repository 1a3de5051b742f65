#include "domain/order_service.hpp"

#include <charconv>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "core/json_writer.hpp"
#include "core/uuid.hpp"
#include "domain/order_access.hpp"
#include "domain/order_events.hpp"
#include "domain/order_json.hpp"
#include "domain/page_cursor.hpp"
#include "domain/store_guard.hpp"
#include "store/store.hpp"
#include "store/store_error.hpp"

namespace ordercast::domain {
namespace {

using core::error_code;
using store::order_record;
using store::tx_mode;

constexpr std::string_view k_not_found = "order '{}' does not exist or is not yours to see";

domain_error order_not_found(std::string_view id) {
    return fail(error_code::not_found, fmt::format(k_not_found, id));
}

std::string log_details(std::string_view event, std::string_view from, std::string_view to,
                        std::string_view message) {
    std::string out;
    core::json_writer w(out);
    w.begin_object().field("event", event);
    if (!from.empty()) w.field("from", from);
    if (!to.empty()) w.field("to", to);
    if (!message.empty()) w.field("message", message);
    w.end_object();
    return out;
}

// The caller may not be told more than "not found" about orders it cannot see; past that,
// a refusal says why.
std::optional<domain_error> check_create_rights(const auth::principal& who, order_record& o) {
    if (who.role == auth::role::customer) {
        if (!o.customer_id.empty() && o.customer_id != who.user_id)
            return fail(error_code::insufficient_permissions,
                        "a customer may only create orders for themselves; leave customerId out");
        if (!o.assignee_id.empty())
            return fail(error_code::insufficient_permissions,
                        "customers cannot assign orders; leave assigneeId out");
        o.customer_id = who.user_id;
        if (o.site_id.empty()) o.site_id = who.site;
        return std::nullopt;
    }
    if (auth::is_staff(who.role)) {
        if (who.site.empty())
            return fail(error_code::insufficient_permissions,
                        "your token names no site; staff create orders for their own site");
        if (!o.site_id.empty() && o.site_id != who.site)
            return fail(error_code::insufficient_permissions,
                        fmt::format("you work at site '{}' and cannot create orders for site '{}'", who.site,
                                    o.site_id));
        o.site_id = who.site;
    }
    return std::nullopt;
}

bool same_content(const order_record& a, const order_record& b) {
    return a.status == b.status && a.priority == b.priority && a.station_id == b.station_id &&
           a.assignee_id == b.assignee_id && a.progress == b.progress && a.stage == b.stage &&
           a.estimated_minutes == b.estimated_minutes && a.total_amount == b.total_amount &&
           a.items == b.items && a.attributes == b.attributes;
}

// The order a path names: its id, or else its external number. Ids are server-made UUIDs and
// numbers are unique, so a reference matches at most one order of each kind; should a number
// equal another order's id, the id wins (that order stays reachable by its own id).
std::optional<order_record> find_order(store::unit_of_work& uow, std::string_view ref) {
    if (auto o = uow.orders().find(ref)) return o;
    auto id = uow.orders().find_id_by_number(ref);
    if (!id) return std::nullopt;
    return uow.orders().find(*id);
}

}  // namespace

domain_error store_failure(std::string_view what, const std::exception& e) {
    spdlog::error("store: {} failed: {}", what, e.what());
    return fail(error_code::service_unavailable,
                fmt::format("the database could not {}; retry shortly (the server log has the cause)", what));
}

order_service::order_service(store::store& store, event_sink& events, const core::clock& clock,
                             const status_machine& machine, int max_page_size)
    : store_(store), events_(events), clock_(clock), machine_(machine), max_page_size_(max_page_size) {}

// ---------------------------------------------------------------------------------------
// create
// ---------------------------------------------------------------------------------------
outcome<created> order_service::create(const auth::principal& who, const order_draft& d,
                                       const idempotency* idem) {
    order_record o;
    o.number = d.number;
    o.customer_id = d.customer_id;
    o.site_id = d.site_id;
    o.station_id = d.station_id;
    o.assignee_id = d.assignee_id;
    if (auto refused = check_create_rights(who, o)) return *refused;
    o.id = core::new_id();
    o.status = machine_.initial();
    o.priority = d.priority.empty() ? "normal" : d.priority;
    o.items = d.items;
    o.total_amount = d.total_amount;
    o.currency = d.currency;
    o.progress = d.progress.value_or(0);
    o.stage = d.stage;
    o.estimated_minutes = d.estimated_minutes;
    o.attributes = d.attributes;
    o.created_by = who.user_id;
    o.created_at_ms = o.updated_at_ms = clock_.now_ms();

    return guarded("create the order", [&]() -> outcome<created> {
        auto uow = store_.begin(tx_mode::write);
        auto earlier = find_earlier_request(*uow, who, idem, "order");
        if (!earlier) return earlier.error();
        if (*earlier) return created{(*earlier)->status, std::move((*earlier)->response_body), {}, true};
        std::vector<store::order_note_record> notes;
        if (!d.note.empty()) notes.push_back({core::new_id(), o.id, who.user_id, d.note, o.created_at_ms});
        try {
            uow->orders().insert(o);
        } catch (const store::unique_violation&) {
            return fail(
                error_code::already_exists,
                fmt::format("order number '{}' is already in use; choose another or leave it out", o.number));
        }
        for (const auto& n : notes) uow->orders().insert_note(n);
        uow->orders().insert_production_log({core::new_id(), o.id, o.version, o.stage, o.status,
                                             log_details("created", {}, o.status, {}), 0, who.user_id,
                                             o.created_at_ms});
        created result{201, order_json(o, &notes), o.id, false};
        remember_answer(*uow, who, idem, result.status, result.body, o.created_at_ms);
        auto events = events_for_create(o);
        uow->commit();
        publish_events(events_, events);
        return result;
    });
}

// ---------------------------------------------------------------------------------------
// read
// ---------------------------------------------------------------------------------------
outcome<order_view> order_service::get(const auth::principal& who, std::string_view id) {
    return guarded("read the order", [&]() -> outcome<order_view> {
        auto uow = store_.begin(tx_mode::read);
        auto o = find_order(*uow, id);
        if (!o || !may_read(who, *o, operators_assigned_only_)) return order_not_found(id);
        auto notes = uow->orders().list_notes(o->id);
        return order_view{std::move(*o), std::move(notes)};
    });
}

outcome<order_page> order_service::list(const auth::principal& who, order_query q) {
    if (q.limit < 1 || q.limit > max_page_size_)
        return fail(error_code::invalid_value, fmt::format("limit must be between 1 and {}", max_page_size_));
    if (who.role == auth::role::customer) {
        if (!q.customer_id.empty() && q.customer_id != who.user_id)
            return fail(error_code::insufficient_permissions, "customers may only list their own orders");
        q.customer_id = who.user_id;
    } else if (!auth::is_privileged(who.role)) {
        if (who.site.empty())
            return fail(error_code::insufficient_permissions,
                        "your token names no site; staff list their site's orders");
        if (!q.site_id.empty() && q.site_id != who.site)
            return fail(error_code::insufficient_permissions,
                        fmt::format("you work at site '{}' and cannot list site '{}'", who.site, q.site_id));
        q.site_id = who.site;
        if (operators_assigned_only_ && who.role == auth::role::operator_) {
            if (!q.assignee_id.empty() && q.assignee_id != who.user_id)
                return fail(error_code::insufficient_permissions,
                            "operators list only the orders assigned to them; leave assignee out");
            q.assignee_id = who.user_id;
        }
    }
    store::order_filter f;
    f.status = std::move(q.status);
    f.site_id = std::move(q.site_id);
    f.station_id = std::move(q.station_id);
    f.customer_id = std::move(q.customer_id);
    f.assignee_id = std::move(q.assignee_id);
    f.updated_since_ms = q.updated_since_ms;
    f.limit = q.limit + 1;  // one more tells whether another page exists
    if (!q.cursor.empty() && !decode_cursor(q.cursor, f))
        return fail(error_code::invalid_message,
                    "cursor is not one this server issued; list again without it");
    return guarded("list orders", [&]() -> outcome<order_page> {
        order_page page;
        page.orders = store_.begin(tx_mode::read)->orders().list(f);
        if (page.orders.size() > static_cast<std::size_t>(q.limit)) {
            page.orders.pop_back();
            page.next_cursor = encode_cursor(page.orders.back().created_at_ms, page.orders.back().id);
        }
        return page;
    });
}

// ---------------------------------------------------------------------------------------
// update
// ---------------------------------------------------------------------------------------
outcome<order_record> order_service::update(const auth::principal& who, std::string_view id,
                                            const order_patch& p) {
    std::string previous_status;  // set when a status change was committed
    auto result = guarded("update the order", [&]() -> outcome<order_record> {
        auto uow = store_.begin(tx_mode::write);
        auto found = find_order(*uow, id);
        if (!found || !may_read(who, *found, operators_assigned_only_)) return order_not_found(id);
        const order_record& before = *found;
        if (!may_change(who, before))
            return fail(error_code::insufficient_permissions,
                        "only staff of the order's site (or an admin) may change an order");
        if (p.expected_version && *p.expected_version != before.version)
            return fail(
                error_code::version_conflict,
                fmt::format("the order is at version {}, not {}: someone changed it; GET it again and "
                            "reapply your change",
                            before.version, *p.expected_version),
                fmt::format(R"({{"currentVersion":{}}})", before.version));

        const std::int64_t now = clock_.now_ms();
        order_record after = before;
        if (p.status && *p.status != before.status) {
            if (machine_.is_status(*p.status) || machine_.is_terminal(before.status)) {
                if (!machine_.allows(before.status, *p.status)) {
                    std::string allowed;
                    core::json_writer w(allowed);
                    w.begin_object().key("currentStatus").string(before.status).key("allowed").begin_array();
                    for (const auto& s : machine_.next(before.status)) w.string(s);
                    w.end_array().end_object();
                    return fail(error_code::invalid_order_status,
                                fmt::format("Cannot transition from '{}' to '{}'", before.status, *p.status),
                                std::move(allowed));
                }
            } else {
                return fail(error_code::invalid_value,
                            fmt::format("'{}' is not an order status; the statuses are {}", *p.status,
                                        fmt::join(machine_.statuses(), ", ")));
            }
            after.status = *p.status;
            if (machine_.is_completion(after.status)) after.completed_at_ms = now;
        }
        if (p.priority) after.priority = *p.priority;
        if (p.station_id) after.station_id = *p.station_id;
        if (p.assignee_id) after.assignee_id = *p.assignee_id;
        if (p.progress) after.progress = *p.progress;
        if (p.stage) after.stage = *p.stage;
        if (p.estimated_minutes) after.estimated_minutes = p.estimated_minutes;
        if (p.clear_estimated_minutes) after.estimated_minutes.reset();
        if (p.total_amount) after.total_amount = p.total_amount;
        if (p.clear_total_amount) after.total_amount.reset();
        if (p.items) after.items = *p.items;
        if (!p.attributes.empty()) after.attributes = merge_json_objects(before.attributes, p.attributes);
        if (same_content(before, after)) return before;

        after.version = before.version + 1;
        after.updated_at_ms = now;
        if (after.status != before.status || after.stage != before.stage) {
            const std::int64_t since =
                uow->orders().last_production_log_at(after.id).value_or(before.created_at_ms);
            uow->orders().insert_production_log(
                {core::new_id(), after.id, after.version, after.stage, after.status,
                 log_details(after.status != before.status ? "status_changed" : "stage_changed",
                             before.status != after.status ? before.status : before.stage,
                             before.status != after.status ? after.status : after.stage, p.message),
                 std::max<std::int64_t>(0, now - since), who.user_id, now});
        }
        if (!uow->orders().update(after, before.version))
            return fail(error_code::version_conflict,
                        "the order changed while this update ran; GET it again and retry",
                        fmt::format(R"({{"currentVersion":{}}})", before.version + 1));
        const double refund = after.status == "cancelled" && before.status != "cancelled"
                                  ? uow->payments().paid_amount(after.id)
                                  : 0;
        auto events =
            events_for_update(before, after, machine_, change_context{who, p.message, p.reason, refund});
        uow->commit();
        publish_events(events_, events);
        if (after.status != before.status) previous_status = before.status;
        return after;
    });
    // The unit of work is gone: the observer may open its own.
    if (result && observer_ != nullptr && !previous_status.empty())
        observer_->on_order_status_changed(*result, previous_status);
    return result;
}

// ---------------------------------------------------------------------------------------
// notes and logs
// ---------------------------------------------------------------------------------------
outcome<store::order_note_record> order_service::add_note(const auth::principal& who, std::string_view id,
                                                          std::string text) {
    return guarded("add the note", [&]() -> outcome<store::order_note_record> {
        auto uow = store_.begin(tx_mode::write);
        auto o = find_order(*uow, id);
        if (!o || !may_read(who, *o, operators_assigned_only_)) return order_not_found(id);
        store::order_note_record note{core::new_id(), o->id, who.user_id, std::move(text), clock_.now_ms()};
        uow->orders().insert_note(note);
        std::vector<order_event> events;
        events.push_back(event_for_note(*o, note));
        uow->commit();
        publish_events(events_, events);
        return note;
    });
}

outcome<std::vector<store::production_log_record>> order_service::logs(const auth::principal& who,
                                                                       std::string_view id, int limit) {
    if (limit < 1 || limit > 1000) return fail(error_code::invalid_value, "limit must be between 1 and 1000");
    return guarded("read the production logs", [&]() -> outcome<std::vector<store::production_log_record>> {
        auto uow = store_.begin(tx_mode::read);
        auto o = find_order(*uow, id);
        if (!o || !may_read(who, *o, operators_assigned_only_)) return order_not_found(id);
        if (!may_read_logs(who, *o))
            return fail(error_code::insufficient_permissions,
                        "production logs are for staff of the order's site");
        return uow->orders().list_production_logs(o->id, limit);
    });
}

bool order_service::may_see(const auth::principal& who, std::string_view id) noexcept {
    try {
        auto o = store_.begin(tx_mode::read)->orders().find(id);
        return o && may_read(who, *o, operators_assigned_only_);
    } catch (const std::exception& e) {
        spdlog::error("store: ownership check of order '{}' failed: {}", id, e.what());
        return false;
    }
}

std::optional<std::string> order_service::order_id_of(std::string_view id_or_number) noexcept {
    try {
        auto uow = store_.begin(tx_mode::read);
        if (uow->orders().find(id_or_number)) return std::string(id_or_number);
        return uow->orders().find_id_by_number(id_or_number);
    } catch (const std::exception& e) {
        spdlog::error("store: looking up order '{}' failed: {}", id_or_number, e.what());
        return std::nullopt;
    }
}

}  // namespace ordercast::domain

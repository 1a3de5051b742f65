#pragma once
// The events of an order change (in the restaurant ordering protocol's shapes) and the
// channels they go to:
//   order:{id}, orders:customer:{customerId}, site:{siteId}:orders,
//   station:{stationId}:orders, orders:employee:{assigneeId} — each when the order has one.
// order_assigned also goes to the previous station and assignee, so their screens drop it;
// order_created skips order:{id}, which nobody can have joined yet.
//
// Built inside the transaction, published by the caller only after it commits.
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "domain/event_sink.hpp"
#include "domain/status_machine.hpp"
#include "store/records.hpp"

namespace ordercast::domain {

struct order_event {
    std::string type;
    std::string data;  // JSON object
    std::vector<std::string> channels;
};

// The canonical channels of the order as it is now.
std::vector<std::string> order_channels(const store::order_record& o);

std::vector<order_event> events_for_create(const store::order_record& o);

// What changed between `before` and `after` (same id), in this order: status
// (order_status_changed, then order_ready / order_completed / order_cancelled as the new
// status says), priority, assignment, progress or stage; then, when it changed what none of
// those report (estimatedTime, totalAmount, items, attributes), order_updated with the list of
// every field changed. So every change publishes at least one event.
struct change_context {
    const auth::principal& who;
    std::string_view message;  // with a status change
    std::string_view reason;   // with a cancellation or priority change
    double refund_amount = 0;  // with a cancellation: what was paid for the order, to give back
};
std::vector<order_event> events_for_update(const store::order_record& before,
                                           const store::order_record& after, const status_machine& machine,
                                           const change_context& ctx);

order_event event_for_note(const store::order_record& o, const store::order_note_record& note);

// Publishes every event to each of its channels, in order. Call after the commit.
void publish_events(event_sink& sink, std::vector<order_event>& events);

}  // namespace ordercast::domain

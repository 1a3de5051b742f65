#pragma once
// Alerts (the factory dashboard's and the restaurant ordering protocol's): raised over the API
// or by the rules engine, then open -> acknowledged -> resolved (open -> resolved too), each
// move stored with who and when and pushed to site:{site}:alerts after the commit:
//   alert               {alertId, severity, category, message, site, state, createdAt,
//                        ...details, suggestedActions?}
//   alert_acknowledged  {alertId, site, state, acknowledgedBy, acknowledgedAt}
//   alert_resolved      {alertId, site, state, resolvedBy, resolvedAt}
//
// Who: staff of the alert's site, admins and services raise, read, acknowledge and resolve;
// customers none of it.
//
// Threads: any thread; each call blocks for its unit of work.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "domain/domain_error.hpp"
#include "domain/event_sink.hpp"
#include "domain/idempotency.hpp"
#include "store/records.hpp"

namespace ordercast::store {
class store;
}

namespace ordercast::domain::alerts {

inline constexpr std::string_view k_state_open = "open";
inline constexpr std::string_view k_state_acknowledged = "acknowledged";
inline constexpr std::string_view k_state_resolved = "resolved";

// POST /api/v1/alerts {severity, category, message, site, suggestedActions?, ...}: fields
// beyond those are kept in details and sent with the alert.
struct alert_draft {
    std::string severity;
    std::string category;
    std::string message;
    std::string site_id;
    std::string details = "{}";            // JSON object
    std::string suggested_actions = "[]";  // JSON array of strings
};

outcome<alert_draft> parse_alert_draft(std::string_view body);

// The REST resource.
std::string alert_json(const store::alert_record& a);

class alert_service {
public:
    // All must outlive the service. `clock` stamps when alerts are raised, acknowledged and
    // resolved.
    alert_service(store::store& store, event_sink& events, const core::clock& clock);

    // With an Idempotency-Key, a retry answers the alert it raised first (*replayed set).
    outcome<store::alert_record> raise(const auth::principal& who, const alert_draft& draft,
                                       const idempotency* idem = nullptr, bool* replayed = nullptr);
    outcome<std::vector<store::alert_record>> list(const auth::principal& who, store::alert_filter filter);
    outcome<store::alert_record> get(const auth::principal& who, std::string_view id);
    // 409 INVALID_ALERT_STATE when the alert is not open (acknowledge) or already resolved.
    outcome<store::alert_record> acknowledge(const auth::principal& who, std::string_view id);
    outcome<store::alert_record> resolve(const auth::principal& who, std::string_view id);

    // The rules engine's calls, by rule key ("<rule>:<site>"). raise_for_rule does nothing
    // when an unresolved alert with that key exists (one alert while the condition lasts) and
    // returns whether it raised. resolve_rule_alerts_except resolves every unresolved rule
    // alert whose key is not in `firing` (sorted), as "rule:<rule>"; returns how many.
    // Throw store_error.
    bool raise_for_rule(const std::string& rule_key, const alert_draft& draft);
    int resolve_rule_alerts_except(const std::vector<std::string>& firing);

private:
    outcome<store::alert_record> move(const auth::principal& who, std::string_view id, std::string_view to);

    store::store& store_;
    event_sink& events_;
    const core::clock& clock_;
};

}  // namespace ordercast::domain::alerts

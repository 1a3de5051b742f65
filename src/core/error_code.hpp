#pragma once
// The error codes a user can see, shared by the WebSocket protocol and the REST API. Each
// has a stable wire name: clients branch on it, so a name never changes once released.
#include <string_view>

namespace ordercast::core {

enum class error_code {
    authentication_failed,
    token_expired,
    insufficient_permissions,
    rate_limit_exceeded,
    invalid_message,
    unknown_type,
    subscription_limit,
    message_too_large,
    invalid_order_status,
    not_found,
    connection_limit,
    bad_request,
    method_not_allowed,
    internal_error,
    service_unavailable,
    version_conflict,        // If-Match / version is not the resource's current version
    invalid_value,           // well-formed, but a value is not acceptable (422)
    idempotency_key_reused,  // the same Idempotency-Key with a different request (422)
    already_exists,          // a create whose id or number is taken (409)
    invalid_job_status,      // the job's status does not allow the operation (409)
    queue_paused,            // the queue or station is paused: nothing is handed out (409)
    // operations and alerts
    operation_finished,   // progress/complete/fail/cancel of an operation that has ended (409)
    invalid_alert_state,  // ack/resolve of an alert in a state that does not allow it (409)
};

// "AUTHENTICATION_FAILED", ...
std::string_view to_string(error_code c) noexcept;
// The HTTP status that goes with the code in the REST API.
int http_status(error_code c) noexcept;

}  // namespace ordercast::core

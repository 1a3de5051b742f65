#include "core/error_code.hpp"

namespace ordercast::core {

std::string_view to_string(error_code c) noexcept {
    switch (c) {
        case error_code::authentication_failed:
            return "AUTHENTICATION_FAILED";
        case error_code::token_expired:
            return "TOKEN_EXPIRED";
        case error_code::insufficient_permissions:
            return "INSUFFICIENT_PERMISSIONS";
        case error_code::rate_limit_exceeded:
            return "RATE_LIMIT_EXCEEDED";
        case error_code::invalid_message:
            return "INVALID_MESSAGE";
        case error_code::unknown_type:
            return "UNKNOWN_TYPE";
        case error_code::subscription_limit:
            return "SUBSCRIPTION_LIMIT";
        case error_code::message_too_large:
            return "MESSAGE_TOO_LARGE";
        case error_code::invalid_order_status:
            return "INVALID_ORDER_STATUS";
        case error_code::not_found:
            return "NOT_FOUND";
        case error_code::connection_limit:
            return "CONNECTION_LIMIT";
        case error_code::bad_request:
            return "BAD_REQUEST";
        case error_code::method_not_allowed:
            return "METHOD_NOT_ALLOWED";
        case error_code::internal_error:
            return "INTERNAL_ERROR";
        case error_code::service_unavailable:
            return "SERVICE_UNAVAILABLE";
        case error_code::version_conflict:
            return "VERSION_CONFLICT";
        case error_code::invalid_value:
            return "INVALID_VALUE";
        case error_code::idempotency_key_reused:
            return "IDEMPOTENCY_KEY_REUSED";
        case error_code::already_exists:
            return "ALREADY_EXISTS";
        case error_code::invalid_job_status:
            return "INVALID_JOB_STATUS";
        case error_code::queue_paused:
            return "QUEUE_PAUSED";
        case error_code::operation_finished:
            return "OPERATION_FINISHED";
        case error_code::invalid_alert_state:
            return "INVALID_ALERT_STATE";
    }
    return "INTERNAL_ERROR";
}

int http_status(error_code c) noexcept {
    switch (c) {
        case error_code::authentication_failed:
        case error_code::token_expired:
            return 401;
        case error_code::insufficient_permissions:
            return 403;
        case error_code::rate_limit_exceeded:
        case error_code::connection_limit:
            return 429;
        case error_code::invalid_message:
        case error_code::unknown_type:
        case error_code::bad_request:
            return 400;
        case error_code::subscription_limit:
            return 429;
        case error_code::message_too_large:
            return 413;
        case error_code::invalid_order_status:
            return 409;
        case error_code::not_found:
            return 404;
        case error_code::method_not_allowed:
            return 405;
        case error_code::service_unavailable:
            return 503;
        case error_code::internal_error:
            return 500;
        case error_code::version_conflict:
        case error_code::already_exists:
            return 409;
        case error_code::invalid_value:
        case error_code::idempotency_key_reused:
            return 422;
        case error_code::invalid_job_status:
        case error_code::queue_paused:
            return 409;
        case error_code::operation_finished:
        case error_code::invalid_alert_state:
            return 409;
    }
    return 500;
}

}  // namespace ordercast::core

#pragma once
// The bodies of the operations API, parsed and checked (docs/operations.md). Each parser
// answers 400 INVALID_MESSAGE for malformed JSON or a wrong type, 422 INVALID_VALUE for a
// value out of range, and 413 MESSAGE_TOO_LARGE for text past `max_bytes`.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/domain_error.hpp"

namespace ordercast::domain::operations {

// POST /api/v1/operations {kind, owner?, site?, steps?}
struct operation_draft {
    std::string kind;
    std::string owner_id;      // empty: the caller
    std::string site_id;       // empty: the caller's site
    std::string steps = "[]";  // JSON array of strings
};

// POST .../progress {step?, progress, message?}
struct progress_report {
    std::optional<std::string> step;  // absent: the step does not change
    int progress = 0;
    std::optional<std::string> message;
};

// POST .../complete {result?, message?}
struct completion {
    std::string result = "null";  // minified JSON
    std::string message;
};

// POST .../fail {error:{code, details?}, message?}
struct failure {
    std::string code;
    std::string details;
    std::string message;
};

// The error codes a failed operation may carry (those the scheduler's progress clients know),
// CANCELLED for a worker that honoured a cancel request, TIMEOUT_ERROR also set by the
// server's sweeper.
inline constexpr std::string_view k_failure_codes[] = {
    "VALIDATION_ERROR", "AUTHENTICATION_ERROR", "AUTHORIZATION_ERROR", "NOT_FOUND",
    "EXECUTION_ERROR",  "TIMEOUT_ERROR",        "CONNECTION_ERROR",    "CANCELLED"};

outcome<operation_draft> parse_operation_draft(std::string_view body);
outcome<progress_report> parse_progress_report(std::string_view body, std::size_t max_bytes);
outcome<completion> parse_completion(std::string_view body, std::size_t max_bytes);
outcome<failure> parse_failure(std::string_view body, std::size_t max_bytes);

}  // namespace ordercast::domain::operations

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

// POST /api/v1/operations {id?, kind, owner?, site?, steps?}, PUT /api/v1/operations/{id}
struct operation_draft {
    std::string id;  // empty: the server makes one; else the caller's own (a string, or an integer's digits)
    std::string kind;
    std::string owner_id;      // empty: the caller
    std::string site_id;       // empty: the caller's site
    std::string steps = "[]";  // JSON array of strings
};

// POST .../progress {step?, progress?, currentStep?, totalSteps?, message?}: the percentage, or
// the step counts it is derived from (currentStep * 100 / totalSteps, rounded down), or both
// when they agree (progress is then the exact share rounded either way).
struct progress_report {
    std::optional<std::string> step;  // absent: the step does not change
    std::optional<int> progress;      // absent: derived by progress_of()
    std::optional<int> current_step;
    std::optional<int> total_steps;  // absent with current_step: the count of the announced steps
    std::optional<std::string> message;
};

// The percentage `r` reports for an operation that announced `announced_steps` steps at
// creation: r.progress, or derived from the step counts. 422 INVALID_VALUE when currentStep
// comes without totalSteps and no steps were announced, or when it is past the total.
outcome<int> progress_of(const progress_report& r, std::size_t announced_steps);
// How many steps `steps` (an operation's stored JSON array) announces; 0 when it is not an array.
std::size_t count_steps(std::string_view steps);

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

// PATCH /api/v1/operations/{id} {owner?, site?}: who the operation belongs to (admin, service).
struct operation_reassignment {
    std::optional<std::string> owner_id;
    std::optional<std::string> site_id;
};

// The error codes a failed operation may carry (those the scheduler's progress clients know),
// CANCELLED for a worker that honoured a cancel request, TIMEOUT_ERROR also set by the
// server's sweeper.
inline constexpr std::string_view k_failure_codes[] = {
    "VALIDATION_ERROR", "AUTHENTICATION_ERROR", "AUTHORIZATION_ERROR", "NOT_FOUND",
    "EXECUTION_ERROR",  "TIMEOUT_ERROR",        "CONNECTION_ERROR",    "CANCELLED"};

outcome<operation_draft> parse_operation_draft(std::string_view body);
// The body of PUT /api/v1/operations/{id}: as the POST's, the id from the path; an `id` in the
// body must be the same.
outcome<operation_draft> parse_operation_put(std::string_view path_id, std::string_view body);
outcome<operation_reassignment> parse_operation_reassignment(std::string_view body);
outcome<progress_report> parse_progress_report(std::string_view body, std::size_t max_bytes);
outcome<completion> parse_completion(std::string_view body, std::size_t max_bytes);
outcome<failure> parse_failure(std::string_view body, std::size_t max_bytes);

}  // namespace ordercast::domain::operations

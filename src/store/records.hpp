#pragma once
// The rows the store keeps, as plain values. Field names follow the schema
// (migrations/001_initial.sql); times are Unix milliseconds, 0 meaning "not set" for the
// optional ones; JSON columns hold minified JSON text validated by the caller.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ordercast::store {

struct order_record {
    std::string id;           // server-generated, a valid channel id
    std::string number;       // external number ("ORD-001234", the factory's order_id); may be empty
    std::string customer_id;  // may be empty (a walk-in order)
    std::string site_id;      // branch, cafe, shop or factory; may be empty
    std::string station_id;   // counter, machine or cutter; may be empty
    std::string assignee_id;  // employee or operator; may be empty
    std::string status;
    std::string priority = "normal";
    std::string items = "[]";  // JSON array
    std::optional<double> total_amount;
    std::string currency;
    int progress = 0;  // 0-100
    std::string stage;
    std::optional<std::int64_t> estimated_minutes;
    std::string attributes = "{}";  // JSON object: garment type, measurements, QC fields ...
    std::string sync_status = "local_only";
    std::int64_t version = 1;  // incremented by every update; the ETag
    std::string created_by;
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
    std::int64_t completed_at_ms = 0;  // 0 while not completed
};

struct customer_record {
    std::string id;  // for customers who sign in, their token's `sub`
    std::string name;
    std::string email;
    std::string phone;
    std::string site_id;
    std::string default_measurements = "{}";  // JSON object
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
};

// One row per order change worth auditing (creation, status and stage moves).
struct production_log_record {
    std::string id;
    std::string order_id;
    std::int64_t order_version = 0;  // the order's version after the change; orders the log
    std::string stage;
    std::string status;
    std::string details = "{}";           // JSON object
    std::int64_t processing_time_ms = 0;  // time spent since the order's previous log row
    std::string actor_id;
    std::int64_t created_at_ms = 0;
};

struct order_note_record {
    std::string id;
    std::string order_id;
    std::string author_id;
    std::string text;
    std::int64_t created_at_ms = 0;
};

// The first answer to a request that carried an Idempotency-Key, replayed to retries.
struct idempotency_record {
    std::string principal_id;  // keys are scoped per caller
    std::string key;
    std::string request_hash;  // hex SHA-256 of method, path and body
    int status = 0;
    std::string response_body;
    std::int64_t created_at_ms = 0;
};

// Filters of list_orders; empty strings and nullopt mean "any".
struct order_filter {
    std::string status;
    std::string site_id;
    std::string station_id;
    std::string customer_id;
    std::string assignee_id;
    std::optional<std::int64_t> updated_since_ms;  // updated_at >= this
    // Keyset cursor: rows strictly after (created_at_ms, id) in the list order (newest first).
    std::optional<std::int64_t> after_created_at_ms;
    std::string after_id;
    int limit = 50;
};

struct customer_filter {
    std::string site_id;
    std::optional<std::int64_t> after_created_at_ms;
    std::string after_id;
    int limit = 50;
};

// ---- operations and alerts (migrations/003_operations_alerts.sql) ----------------

// A long-running operation (a schedule run, a comparison, an OCR pass): created by a client,
// driven by a worker over HTTP.
struct operation_record {
    std::string id;
    std::string kind;      // "schedule", "comparison", "ocr", ... (free text)
    std::string owner_id;  // the user who may watch it (token sub)
    std::string site_id;   // may be empty; staff of this site may watch it too
    std::string status;    // pending, running, completed, failed, cancelled
    std::string step;
    int progress = 0;  // 0-100, never decreases
    std::string message;
    std::string steps = "[]";  // JSON array of step names announced at creation
    std::string result;        // JSON, set by complete; empty otherwise
    std::string error_code;    // VALIDATION_ERROR, EXECUTION_ERROR, TIMEOUT_ERROR, ...
    std::string error_details;
    bool cancel_requested = false;
    std::int64_t version = 1;
    std::string created_by;  // the worker or client that created it; may report progress
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
    std::int64_t last_progress_at_ms = 0;  // creation or the last progress report
    std::int64_t finished_at_ms = 0;       // 0 while open
};

struct alert_record {
    std::string id;
    std::string site_id;
    std::string severity;  // info, warning, critical
    std::string category;
    std::string message;
    std::string details = "{}";            // JSON object of extra fields (threshold, current value, ...)
    std::string suggested_actions = "[]";  // JSON array of strings
    std::string rule_key;  // "<rule>:<site>" for rule alerts; empty for alerts raised over the API
    std::string state;     // open, acknowledged, resolved
    std::string raised_by;
    std::int64_t created_at_ms = 0;
    std::string acknowledged_by;
    std::int64_t acknowledged_at_ms = 0;
    std::string resolved_by;
    std::int64_t resolved_at_ms = 0;
};

// Filters of list_alerts; empty means "any". Newest first.
struct alert_filter {
    std::string state;
    std::string site_id;
    int limit = 100;
};

// ---- payments (migrations/005_payments.sql) -------------------------------------------

// One payment attempt on an order, as its payment provider reported it.
struct payment_record {
    std::string id;
    std::string order_id;
    std::string site_id;  // the order's, so revenue is summed per site without a join
    double amount = 0;
    std::string method;          // card, cash, ... (free text)
    std::string status;          // success, failed
    std::string transaction_id;  // the provider's; unique per order
    std::string reason;          // failed: insufficient_funds, ...
    std::string message;
    std::string receipt_url;
    std::string retry_url;
    std::string expires_at;  // failed: until when the retry link works (ISO 8601, as the provider said)
    std::string created_by;
    std::int64_t created_at_ms = 0;
};

// Orders of one (site, station, status), for alert rules and metrics streams.
struct order_group_figures {
    std::string site_id;
    std::string station_id;
    std::string status;
    std::int64_t count = 0;
    double average_created_at_ms = 0;
};

struct migration_state {
    int current_version = 0;  // 0: empty database
    int latest_version = 0;   // the newest migration this binary knows
    std::vector<int> pending;
};

// ---- the job queue (migrations/002_job_queue.sql) ---------------------------------------

// One production job of the factory's cutter queue, its status and priority as the factory names
// them: "QUEUED", 1-4.
struct job_record {
    std::string id;           // "JOB-YYYYMMDD-NNN"
    std::string order_id;     // may be empty
    std::string site_id;      // never empty
    std::string station_id;   // the cutter; empty: any station of the site
    std::string operator_id;  // who started it; may be empty
    int priority = 3;
    std::string customer_tier;
    double tier_bonus = 0;  // fixed at submission from queue.tier_bonuses
    std::string status;
    std::string garment_type;
    std::optional<double> fabric_required_cm;
    std::string plot_file;
    std::string notes;
    std::string error;
    std::string error_code;
    int attempts = 0;
    int auto_retries = 0;
    std::int64_t not_before_ms = 0;
    std::int64_t version = 1;
    std::string created_by;
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
    // 0: not (yet) happened. The latest time of each transition.
    std::int64_t queued_at_ms = 0;
    std::int64_t started_at_ms = 0;
    std::int64_t completed_at_ms = 0;
    std::int64_t failed_at_ms = 0;
    std::int64_t cancelled_at_ms = 0;
    std::int64_t paused_at_ms = 0;
};

// Filters of list_jobs; empty means "any". Oldest first (created_at_ms, id).
struct job_filter {
    std::string site_id;
    std::string status;
    std::string station_id;
    std::string order_id;
    // Keyset cursor: rows strictly after (created_at_ms, id).
    std::optional<std::int64_t> after_created_at_ms;
    std::string after_id;
    int limit = 50;
};

// What claim_next_job takes: the best QUEUED job of `site_id` whose not_before_ms <= now,
// for `station_id` (jobs of that station or of none) or, when empty, for any station that
// is not paused. Ordered by priority - tier_bonus - (now - queued_at_ms) * aging_per_ms,
// then queued_at_ms, then id.
struct job_claim {
    std::string site_id;
    std::string station_id;
    std::string operator_id;
    std::int64_t now_ms = 0;
    double aging_per_ms = 0;
};

struct job_count {
    std::string site_id;
    std::string status;
    int priority = 0;
    std::int64_t count = 0;
};

// The QUEUED jobs of one station ('' for jobs of no station): how many, and the sum and
// minimum of their queued_at_ms (for average and longest wait).
struct job_backlog {
    std::string site_id;
    std::string station_id;
    std::int64_t count = 0;
    std::int64_t queued_at_sum_ms = 0;
    std::int64_t oldest_queued_at_ms = 0;
};

struct queue_pause_record {
    std::string site_id;
    std::string station_id;  // '' pauses the whole site
    std::string paused_by;
    std::int64_t paused_at_ms = 0;
};

// ---- the floor (migrations/004_floor.sql) ---------------------------------------------

// A counter, machine or cutter of a site and its status.
struct station_record {
    std::string id;       // chosen by whoever creates it (a counter's or machine's own id)
    std::string site_id;  // never empty
    std::string kind;     // counter, machine, cutter
    std::string name;
    std::string status;                              // open, closed, busy, maintenance, error
    std::string status_reason;                       // why (the error, the maintenance); may be empty
    std::optional<std::int64_t> estimated_downtime;  // minutes, with maintenance or error
    std::int64_t status_since_ms = 0;
    std::string operator_id;  // who runs it now; may be empty
    std::int64_t operator_since_ms = 0;
    std::int64_t version = 1;
    std::string created_by;
    std::int64_t created_at_ms = 0;
    std::string updated_by;
    std::int64_t updated_at_ms = 0;
};

// A member of staff (id = their token's `sub`) and their status.
struct staff_record {
    std::string id;
    std::string site_id;     // never empty
    std::string name;        // may be empty
    std::string role;        // employee, operator, manager
    std::string status;      // available, busy, on_break, off_shift
    std::string station_id;  // where they work now; may be empty
    std::string break_type;  // while on_break
    std::int64_t break_started_at_ms = 0;
    std::int64_t break_ends_at_ms = 0;  // the expected return; 0 when not said
    std::int64_t clocked_in_at_ms = 0;  // when they last left off_shift; 0 while off shift
    std::int64_t shift_start_ms = 0;    // the planned shift, when said
    std::int64_t shift_end_ms = 0;
    std::int64_t version = 1;
    std::int64_t created_at_ms = 0;
    std::string updated_by;
    std::int64_t updated_at_ms = 0;
};

// Filters of the floor lists; empty means "any". Oldest first (created_at_ms, id).
struct floor_filter {
    std::string site_id;
    std::string status;
    std::string kind;  // stations only
    int limit = 200;
};

}  // namespace ordercast::store

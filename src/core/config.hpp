#pragma once
// ordercast's configuration: one YAML file whose every key can be overridden by an
// environment variable ORDERCAST_<SECTION>_<KEY> (upper case; lists comma-separated).
//
// The schema (config_schema.cpp) is data: one row per key with its type, default, bounds
// and help. It drives loading, environment overrides, validation and docs/configuration.md.
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ordercast::core {

struct server_config {
    std::string host = "0.0.0.0";
    int port = 8000;
    int threads = 0;  // 0: one event loop per core
    std::string data_dir = "./data";
    std::vector<std::string> allowed_origins;  // empty: any Origin
    int handshake_timeout_ms = 5000;
    int ping_interval_ms = 30000;
    int idle_timeout_ms = 75000;
    int shutdown_timeout_ms = 5000;
    std::int64_t max_http_body_bytes = 1 << 20;
    std::string web_root;  // static files served at / (empty: none)
};

struct tls_config {
    std::string cert_file;
    std::string key_file;
};

struct auth_config {
    std::string jwt_algorithm = "HS256";  // HS256, RS256 or ES256
    std::string jwt_secret;               // HS256; empty: development mode, generated at start
    std::string jwt_public_key_file;      // RS256/ES256 PEM
    std::string issuer;
    std::string audience;
    int leeway_s = 30;
    int token_expiring_notice_s = 60;
};

struct limits_config {
    int connections_per_user = 5;
    int connections_per_site = 1000;
    int connections_per_node = 1000000;
    int subscriptions_per_connection = 1000;
    int messages_per_minute = 100;
    int message_burst = 20;
    int rate_limit_strikes = 5;  // RATE_LIMIT_EXCEEDED answers before the connection is closed 1008
    std::int64_t max_message_bytes = 65536;
    std::int64_t outbound_queue_bytes = 4 << 20;
    int outbound_queue_messages = 4096;
};

struct hub_config {
    int history_events = 1000;
    int history_age_s = 86400;
    int history_memory_mb = 256;
    std::vector<std::string> critical_types = {"order_status_changed", "order_ready",
                                               "order_completed",     "order_cancelled",
                                               "payment_processed",   "payment_failed"};
    int ack_timeout_ms = 5000;
    int ack_max_retries = 5;
    int ack_max_pending = 1000;  // per connection
};

struct store_config {
    std::string engine = "sqlite";           // the only engine so far
    std::string sqlite_file = "ordercast.db";  // relative paths are under server.data_dir
    int busy_timeout_ms = 5000;
    int read_connections = 4;
    bool auto_migrate = true;                 // apply pending migrations when the server starts
    int idempotency_retention_s = 86400;      // Idempotency-Key records are removed after this
};

// The order status machine (see src/domain/status_machine.hpp). Transitions are "from>to".
struct orders_config {
    std::vector<std::string> statuses = {"pending", "confirmed", "in_progress", "ready",
                                         "completed", "cancelled", "failed"};
    std::string initial_status = "pending";
    std::vector<std::string> transitions = {"pending>confirmed", "confirmed>in_progress", "in_progress>ready",
                                            "ready>completed"};
    std::vector<std::string> terminal_statuses = {"completed", "cancelled", "failed"};
    // Reachable from every status that is not terminal.
    std::vector<std::string> abort_statuses = {"cancelled", "failed"};
    int max_page_size = 200;
};

// The production job queue (docs/queue.md). Read by domain::queue::queue_settings.
struct queue_config {
    std::string aging_credit_per_minute = "0.05";  // priority levels a waiting job gains per minute
    std::vector<std::string> tier_bonuses = {"vip:1", "gold:0.5"};  // "tier:levels"
    int transient_retry_limit = 3;
    int retry_backoff_ms = 5000;  // doubled for each automatic retry
    std::vector<std::string> transient_errors = {"CUTTER_OFFLINE", "CUTTER_BUSY", "MEDIA_JAM", "TIMEOUT"};
    std::string submit_on_order_status;    // "" : no automatic submission
    std::string order_status_on_complete;  // "" : completing a job leaves its order alone
    std::string spool_dir;                 // "" : no spool folder; relative paths are under server.data_dir
    int update_interval_ms = 250;
    int max_page_size = 500;
};

// ---- operations, alerts and status streams ------------------------------------------------
struct operations_config {
    int max_subscribers = 10;               // concurrent subscribers of one operation:{id}
    int progress_timeout_s = 300;           // no progress for this long fails with TIMEOUT_ERROR
    int sweep_interval_ms = 5000;           // how often the timeout sweeper and cleanup run
    int retention_s = 86400;                // finished operations are deleted after this long
    std::int64_t max_message_bytes = 10240;  // progress message, result, error details
};

struct alerts_config {
    int evaluation_interval_ms = 30000;
    std::vector<std::string> rules = {"queue_backlog", "average_wait", "low_utilization", "operation_timeouts"};
    int queue_backlog_threshold = 20;        // open jobs/orders of a site above this
    int average_wait_threshold_s = 600;      // seed 003: "exceeding 10 minutes average wait time"
    int utilization_threshold_percent = 75;  // fabric utilization below this
    int utilization_window_s = 3600;         // orders updated this recently count for utilization
    int operation_timeouts_threshold = 1;    // timed-out operations of a site within the window
    int operation_timeouts_window_s = 3600;
};

struct streams_config {
    int system_status_interval_ms = 30000;
    int metrics_interval_ms = 10000;
};

struct log_config {
    std::string level = "info";
};

// ---- dialects: the seeds' own WebSocket contracts (docs/protocol.md) --------------------------
// An empty `paths` disables a dialect. A path may end in one "{id}" segment (the resource id).
struct dialect_v1_config {
    std::vector<std::string> paths = {"/v1"};
};

struct dialect_factory_config {  // seed 000 §11, §3.4
    std::vector<std::string> paths = {"/ws"};
    // Joined on connect as far as the permission matrix allows ("what the role sees").
    std::vector<std::string> connect_channels = {"site:{site}:orders", "site:{site}:queue", "site:{site}:alerts",
                                                 "system:status", "orders:employee:{sub}", "orders:customer:{sub}"};
    int subscriptions_per_connection = 50;  // seed 000 §3.4.6
    int messages_per_minute = 600;          // 10 per second
    int message_burst = 10;
    std::string anonymous_role;  // a connection without a token gets this role (empty: refused)
    std::string anonymous_site;  // ... and this site
};

struct dialect_rooms_config {  // seed 001
    std::vector<std::string> paths = {"/rooms"};
    std::vector<std::string> connect_rooms = {"branch:{site}", "user:{sub}", "role:{role}:{site}"};
};

struct dialect_progress_config {  // seed 002
    std::vector<std::string> paths = {"/ws/schedule/{id}", "/ws/operations/{id}"};
    int ping_interval_ms = 30000;  // {"type":"ping"}; the client answers {"type":"pong"}
};

struct dialect_shop_config {  // seed 004
    std::vector<std::string> paths = {"/ws/orders/{id}"};
    bool allow_anonymous = false;  // a connection without a token reads {id}'s updates as that customer
};

struct config {
    server_config server;
    tls_config tls;
    auth_config auth;
    limits_config limits;
    hub_config hub;
    store_config store;
    orders_config orders;
    log_config log;
    queue_config queue;
    operations_config operations;
    alerts_config alerts;
    streams_config streams;
    dialect_v1_config dialect_v1;
    dialect_factory_config dialect_factory;
    dialect_rooms_config dialect_rooms;
    dialect_progress_config dialect_progress;
    dialect_shop_config dialect_shop;
    // role -> channel patterns (see docs/permissions.md); empty map: the built-in defaults.
    std::map<std::string, std::vector<std::string>> permissions;
    std::map<std::string, std::vector<std::string>> auto_join;
    bool development_mode = false;  // set when no secret or key was configured
};

// Thrown for any invalid configuration; the message names the key and says what to do.
class config_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Loads `path` (may be empty: defaults only), then applies the environment. Throws config_error.
config load_config(const std::string& path, char** envp);

// One row per key, for `ordercast config` and docs/configuration.md.
struct config_key_doc {
    std::string name;  // "server.port"
    std::string env;   // "ORDERCAST_SERVER_PORT"
    std::string type;
    std::string default_value;
    std::string help;
};
std::vector<config_key_doc> describe_config();

}  // namespace ordercast::core

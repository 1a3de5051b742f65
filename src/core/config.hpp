#pragma once
// ordercast's configuration: one YAML file whose every key can be overridden by an
// environment variable ORDERCAST_<SECTION>_<KEY> (upper case; lists comma-separated).
//
// The schema is data (config_schema.hpp): each module declares its section (a struct with
// its defaults, and one row per key with its type, bounds and help), and the composition root
// lists every section once (app/settings.hpp). Here: the sections of the server's machinery
// (listening, TLS, tokens, connection limits, the hub, the store, the dialects' paths, the
// log), the configuration object they live in, and the loader.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config_schema.hpp"

namespace ordercast::core {

struct server_config {
    std::string profile;  // a seed system's profile (profiles/NAME.yaml); empty: the canonical defaults
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
    // Which claims carry the principal, for issuers with their own names (userId, branchId, ...).
    std::string claims_user = "sub";
    std::string claims_role = "role";
    std::string claims_site = "site";
    std::string claims_stations = "stations";
    std::vector<std::string> role_map;  // "issuer_role=ordercast_role"
    bool require_exp = true;            // false: tokens without exp are accepted (warned at start)
    // RS256/ES256 keys published by the issuer (a JWKS document) instead of jwt_public_key_file.
    std::string jwks_url;
    int jwks_refresh_limit_s = 30;  // at most one refresh per this many seconds
    int jwks_max_age_s = 3600;      // fetched again at least this often
    int jwks_timeout_ms = 5000;
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

// hub.critical_types, which events are critical, is the domain's (domain/order_event_settings.hpp).
struct hub_config {
    int history_events = 1000;
    int history_age_s = 86400;
    int history_memory_mb = 256;
    int ack_timeout_ms = 5000;
    int ack_max_retries = 5;
    int ack_max_pending = 1000;  // per connection
};

struct store_config {
    std::string engine = "sqlite";             // the only engine so far
    std::string sqlite_file = "ordercast.db";  // relative paths are under server.data_dir
    int busy_timeout_ms = 5000;
    int read_connections = 4;
    bool auto_migrate = true;             // apply pending migrations when the server starts
    int idempotency_retention_s = 86400;  // Idempotency-Key records are removed after this
};

struct log_config {
    std::string level = "info";
};

// ---- dialects: the seeds' own WebSocket contracts (docs/protocol.md) --------------------------
// An empty `paths` disables a dialect. A path may end in one "{id}" segment (the resource id).
struct dialect_v1_config {
    std::vector<std::string> paths = {"/v1"};
};

struct dialect_factory_config {  // the factory dashboard's /ws
    std::vector<std::string> paths = {"/ws"};
    // Joined on connect as far as the permission matrix allows ("what the role sees").
    std::vector<std::string> connect_channels = {"site:{site}:orders",    "site:{site}:queue",
                                                 "site:{site}:alerts",    "system:status",
                                                 "orders:employee:{sub}", "orders:customer:{sub}"};
    int subscriptions_per_connection = 50;  // the dashboard's documented limit
    int messages_per_minute = 600;          // 10 per second
    int message_burst = 10;
    std::string anonymous_role;  // a connection without a token gets this role (empty: refused)
    std::string anonymous_site;  // ... and this site
    // A queue_update of each followed site this often when its queue did not change (0: off).
    int queue_heartbeat_ms = 10000;
};

struct dialect_rooms_config {  // the manufacturing system's rooms
    std::vector<std::string> paths = {"/rooms"};
    std::vector<std::string> connect_rooms = {"branch:{site}", "user:{sub}", "role:{role}:{site}"};
    bool refuse_at_upgrade = false;  // a missing or bad token: HTTP 401 at the upgrade, not close 1008
};

struct dialect_progress_config {  // the scheduler's progress sockets
    std::vector<std::string> paths = {"/ws/schedule/{id}", "/ws/operations/{id}"};
    int ping_interval_ms = 30000;  // {"type":"ping"}; the client answers {"type":"pong"}
};

struct dialect_shop_config {  // the shop app's per-customer sockets
    std::vector<std::string> paths = {"/ws/orders/{id}"};
    bool allow_anonymous = false;  // a connection without a token reads {id}'s updates as that customer
};

struct dialect_restaurant_config {        // the restaurant ordering clients' own spelling of /v1
    std::vector<std::string> paths = {};  // off by default: /v1 speaks the canonical names
};

// The sections core declares. The composition root derives from this to add the modules'
// sections (app::settings); what takes a `const config&` sees core's part only.
struct config {
    server_config server;
    tls_config tls;
    auth_config auth;
    limits_config limits;
    hub_config hub;
    store_config store;
    log_config log;
    dialect_v1_config dialect_v1;
    dialect_factory_config dialect_factory;
    dialect_rooms_config dialect_rooms;
    dialect_progress_config dialect_progress;
    dialect_shop_config dialect_shop;
    dialect_restaurant_config dialect_restaurant;
    // role -> channel patterns (see docs/permissions.md); empty map: the built-in defaults.
    std::map<std::string, std::vector<std::string>> permissions;
    std::map<std::string, std::vector<std::string>> auto_join;
    bool development_mode = false;  // set when no secret or key was configured
};

// Core's sections, for the composition root's list of every section.
extern const config_section k_server_section;
extern const config_section k_tls_section;
extern const config_section k_auth_section;
extern const config_section k_limits_section;
extern const config_section k_hub_section;
extern const config_section k_store_section;
extern const config_section k_dialect_v1_section;
extern const config_section k_dialect_factory_section;
extern const config_section k_dialect_rooms_section;
extern const config_section k_dialect_progress_section;
extern const config_section k_dialect_shop_section;
extern const config_section k_dialect_restaurant_section;
extern const config_section k_log_section;

// What lies beneath the environment, lowest layer first: the defaults (root's initial
// values), a profile, the user's file.
struct config_sources {
    // The profile's name from the command line; empty: ORDERCAST_SERVER_PROFILE, else the
    // file's server.profile, else none.
    std::string profile;
    std::string file;  // the YAML file's path; empty: none
    // A profile's YAML text by name; nullopt for a name that is not a profile.
    std::function<std::optional<std::string_view>(std::string_view name)> find_profile;
    std::string profile_names;  // "factory, manufacturing, ...", for the error naming a bad profile
};

// Which layer set each key ("server.port" -> "environment ORDERCAST_SERVER_PORT"); a key
// missing here kept its default. Role maps are listed as "permissions.<role>".
using config_origins = std::map<std::string, std::string, std::less<>>;

// Fills `root`, which holds the defaults, from the profile, then the YAML file, then the
// environment, and checks core's sections; records in `origins` (if given) which layer set
// each key. `schema` lists every section bound into root's type. Throws config_error naming
// the key: for an unknown key in the profile or file, a value of the wrong type or out of
// range, an unknown profile, and an ORDERCAST_* variable that names no key and is not in
// k_environment_non_keys (a misspelt key would otherwise be ignored without a word; the
// message names the variable and the nearest key).
void load_config(config& root, std::span<const bound_section> schema, const config_sources& sources,
                 char** envp, config_origins* origins = nullptr);

// The same with no profile: the file `path` (empty: none), then the environment.
void load_config(config& root, std::span<const bound_section> schema, const std::string& path, char** envp);

// Every key's current value in `root`, as `ordercast config` prints it (lists comma-separated).
std::vector<std::pair<std::string, std::string>> config_values(std::span<const bound_section> schema,
                                                               config& root);

// One row per key of `schema`, with its default as `defaults` holds it, then the role maps.
std::vector<config_key_doc> describe_config(std::span<const bound_section> schema, config& defaults);

}  // namespace ordercast::core

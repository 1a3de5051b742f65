#include "core/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fmt/format.h>
#include <set>

#include "core/config_environment.hpp"

namespace ordercast::core {
namespace {

// ---------------------------------------------------------------------------------------
// The schema: one row per scalar or list key.
// ---------------------------------------------------------------------------------------
enum class kind { i32, i64, text, list, boolean };

struct row {
    const char* section;
    const char* key;
    kind type;
    std::int64_t min;
    std::int64_t max;
    void* (*field)(config&);
    const char* help;
};

#define OC_FIELD(expr) [](config& c) -> void* { return &c.expr; }
constexpr std::int64_t k_big = std::int64_t{1} << 40;

const row k_schema[] = {
    {"server", "host", kind::text, 0, 0, OC_FIELD(server.host), "Address to listen on (0.0.0.0, 127.0.0.1, ::)."},
    {"server", "port", kind::i32, 0, 65535, OC_FIELD(server.port), "TCP port; 0 picks a free port and prints it."},
    {"server", "threads", kind::i32, 0, 256, OC_FIELD(server.threads), "Event-loop threads; 0 means one per core."},
    {"server", "data_dir", kind::text, 0, 0, OC_FIELD(server.data_dir), "Directory for the embedded store and state."},
    {"server", "allowed_origins", kind::list, 0, 0, OC_FIELD(server.allowed_origins), "Origins allowed to open WebSockets (empty: any). Requests without Origin (non-browsers) are allowed."},
    {"server", "handshake_timeout_ms", kind::i32, 100, 600000, OC_FIELD(server.handshake_timeout_ms), "Time a new connection has to send a complete request or upgrade."},
    {"server", "ping_interval_ms", kind::i32, 100, 3600000, OC_FIELD(server.ping_interval_ms), "WebSocket ping interval."},
    {"server", "idle_timeout_ms", kind::i32, 200, 86400000, OC_FIELD(server.idle_timeout_ms), "A WebSocket silent this long (no frame, no pong) is closed."},
    {"server", "shutdown_timeout_ms", kind::i32, 0, 600000, OC_FIELD(server.shutdown_timeout_ms), "On SIGTERM/SIGINT, time allowed to drain queues before exit."},
    {"server", "max_http_body_bytes", kind::i64, 1024, k_big, OC_FIELD(server.max_http_body_bytes), "Largest accepted HTTP request body."},
    {"server", "web_root", kind::text, 0, 0, OC_FIELD(server.web_root), "Directory of static files served at / (empty: none)."},
    {"tls", "cert_file", kind::text, 0, 0, OC_FIELD(tls.cert_file), "PEM certificate chain; with key_file, serves https/wss only."},
    {"tls", "key_file", kind::text, 0, 0, OC_FIELD(tls.key_file), "PEM private key for cert_file."},
    {"auth", "jwt_algorithm", kind::text, 0, 0, OC_FIELD(auth.jwt_algorithm), "HS256 (shared secret), RS256 or ES256 (public key). Tokens must use exactly this algorithm."},
    {"auth", "jwt_secret", kind::text, 0, 0, OC_FIELD(auth.jwt_secret), "HS256 secret (at least 32 bytes). Empty: development mode with a generated secret."},
    {"auth", "jwt_public_key_file", kind::text, 0, 0, OC_FIELD(auth.jwt_public_key_file), "PEM public key for RS256/ES256."},
    {"auth", "issuer", kind::text, 0, 0, OC_FIELD(auth.issuer), "Required `iss` claim (empty: not checked)."},
    {"auth", "audience", kind::text, 0, 0, OC_FIELD(auth.audience), "Required `aud` claim (empty: not checked)."},
    {"auth", "leeway_s", kind::i32, 0, 3600, OC_FIELD(auth.leeway_s), "Clock skew allowed for exp/nbf."},
    {"auth", "token_expiring_notice_s", kind::i32, 1, 86400, OC_FIELD(auth.token_expiring_notice_s), "Send token_expiring this long before a connection's token expires."},
    {"limits", "connections_per_user", kind::i32, 1, 1000000, OC_FIELD(limits.connections_per_user), "Concurrent WebSocket connections per user (sub)."},
    {"limits", "connections_per_site", kind::i32, 1, 10000000, OC_FIELD(limits.connections_per_site), "Concurrent WebSocket connections per site."},
    {"limits", "connections_per_node", kind::i32, 1, 100000000, OC_FIELD(limits.connections_per_node), "Concurrent WebSocket connections on this node."},
    {"limits", "subscriptions_per_connection", kind::i32, 1, 1000000, OC_FIELD(limits.subscriptions_per_connection), "Channels one connection may be subscribed to."},
    {"limits", "messages_per_minute", kind::i32, 1, 100000000, OC_FIELD(limits.messages_per_minute), "Inbound messages per connection per minute (token bucket refill)."},
    {"limits", "message_burst", kind::i32, 1, 100000000, OC_FIELD(limits.message_burst), "Token bucket capacity: messages a connection may send at once."},
    {"limits", "rate_limit_strikes", kind::i32, 1, 1000000, OC_FIELD(limits.rate_limit_strikes), "RATE_LIMIT_EXCEEDED answers before the connection is closed with 1008."},
    {"limits", "max_message_bytes", kind::i64, 125, k_big, OC_FIELD(limits.max_message_bytes), "Largest inbound WebSocket message; larger closes with 1009."},
    {"limits", "outbound_queue_bytes", kind::i64, 1024, k_big, OC_FIELD(limits.outbound_queue_bytes), "Bytes queued for one slow reader before it is closed with 1013."},
    {"limits", "outbound_queue_messages", kind::i32, 1, 100000000, OC_FIELD(limits.outbound_queue_messages), "Frames queued for one slow reader before it is closed with 1013."},
    {"hub", "history_events", kind::i32, 0, 100000000, OC_FIELD(hub.history_events), "Events kept per channel for replay."},
    {"hub", "history_age_s", kind::i32, 0, 31536000, OC_FIELD(hub.history_age_s), "Maximum age of kept events."},
    {"hub", "history_memory_mb", kind::i32, 1, 1048576, OC_FIELD(hub.history_memory_mb), "Memory budget of all channels' history together."},
    {"hub", "critical_types", kind::list, 0, 0, OC_FIELD(hub.critical_types), "Event types sent with requiresAck and redelivered until acknowledged."},
    {"hub", "ack_timeout_ms", kind::i32, 10, 3600000, OC_FIELD(hub.ack_timeout_ms), "Time before an unacknowledged critical event is sent again."},
    {"hub", "ack_max_retries", kind::i32, 0, 1000, OC_FIELD(hub.ack_max_retries), "Redeliveries of an unacknowledged critical event."},
    {"hub", "ack_max_pending", kind::i32, 1, 1000000, OC_FIELD(hub.ack_max_pending), "Unacknowledged critical events tracked per connection; past it the oldest is no longer redelivered."},
    {"store", "engine", kind::text, 0, 0, OC_FIELD(store.engine), "Database engine: sqlite (a file under server.data_dir)."},
    {"store", "sqlite_file", kind::text, 0, 0, OC_FIELD(store.sqlite_file), "SQLite database file; a relative path is under server.data_dir."},
    {"store", "busy_timeout_ms", kind::i32, 0, 600000, OC_FIELD(store.busy_timeout_ms), "How long a write waits for the database lock before failing with 503."},
    {"store", "read_connections", kind::i32, 1, 256, OC_FIELD(store.read_connections), "Reader connections beside the single writer."},
    {"store", "auto_migrate", kind::boolean, 0, 1, OC_FIELD(store.auto_migrate), "Apply pending schema migrations at start-up (false: refuse to start until `ordercast db migrate`)."},
    {"store", "idempotency_retention_s", kind::i32, 1, 31536000, OC_FIELD(store.idempotency_retention_s), "How long an Idempotency-Key is remembered; a retry after that creates again. Expired keys are removed within a minute."},
    {"orders", "statuses", kind::list, 0, 0, OC_FIELD(orders.statuses), "Every order status."},
    {"orders", "initial_status", kind::text, 0, 0, OC_FIELD(orders.initial_status), "The status of a new order."},
    {"orders", "transitions", kind::list, 0, 0, OC_FIELD(orders.transitions), "Allowed moves, each \"from>to\"."},
    {"orders", "terminal_statuses", kind::list, 0, 0, OC_FIELD(orders.terminal_statuses), "Statuses an order never leaves."},
    {"orders", "abort_statuses", kind::list, 0, 0, OC_FIELD(orders.abort_statuses), "Statuses reachable from every status that is not terminal."},
    {"orders", "max_page_size", kind::i32, 1, 10000, OC_FIELD(orders.max_page_size), "Largest `limit` of a list request."},
    {"queue", "aging_credit_per_minute", kind::text, 0, 0, OC_FIELD(queue.aging_credit_per_minute), "Priority levels a waiting job gains per minute (a decimal; 0: no aging). Score = priority - aging - tier bonus; lowest first."},
    {"queue", "tier_bonuses", kind::list, 0, 0, OC_FIELD(queue.tier_bonuses), "Customer tiers and the priority levels they subtract, each \"tier:levels\"."},
    {"queue", "transient_retry_limit", kind::i32, 0, 1000, OC_FIELD(queue.transient_retry_limit), "Automatic retries of a job failed with a transient error before it stays FAILED."},
    {"queue", "retry_backoff_ms", kind::i32, 0, 86400000, OC_FIELD(queue.retry_backoff_ms), "Delay before the first automatic retry; doubled for each further one."},
    {"queue", "transient_errors", kind::list, 0, 0, OC_FIELD(queue.transient_errors), "Failure codes retried automatically (a fail request may also say transient: true)."},
    {"queue", "submit_on_order_status", kind::text, 0, 0, OC_FIELD(queue.submit_on_order_status), "Order status that submits a job for the order automatically (empty: off)."},
    {"queue", "order_status_on_complete", kind::text, 0, 0, OC_FIELD(queue.order_status_on_complete), "Order status a completed job moves its order to (empty: off)."},
    {"queue", "spool_dir", kind::text, 0, 0, OC_FIELD(queue.spool_dir), "Spool folder mirrored from the store (pending/ processing/ completed/ failed/); relative paths are under server.data_dir; empty: off."},
    {"queue", "update_interval_ms", kind::i32, 10, 60000, OC_FIELD(queue.update_interval_ms), "queue_update events of a site are coalesced to at most one per this interval."},
    {"queue", "max_page_size", kind::i32, 1, 100000, OC_FIELD(queue.max_page_size), "Largest `limit` of a job list request."},
    {"operations", "max_subscribers", kind::i32, 1, 100000, OC_FIELD(operations.max_subscribers), "Concurrent subscribers of one operation:{id} channel; the next is refused (operation_subscriber_limit)."},
    {"operations", "progress_timeout_s", kind::i32, 1, 604800, OC_FIELD(operations.progress_timeout_s), "An open operation with no progress for this long fails with TIMEOUT_ERROR."},
    {"operations", "sweep_interval_ms", kind::i32, 10, 3600000, OC_FIELD(operations.sweep_interval_ms), "How often timed-out operations are failed and old finished ones deleted."},
    {"operations", "retention_s", kind::i32, 1, 31536000, OC_FIELD(operations.retention_s), "Finished operations are deleted this long after they end."},
    {"operations", "max_message_bytes", kind::i64, 16, 1048576, OC_FIELD(operations.max_message_bytes), "Largest progress message, result or error details (413 beyond)."},
    {"alerts", "evaluation_interval_ms", kind::i32, 10, 86400000, OC_FIELD(alerts.evaluation_interval_ms), "How often the alert rules are evaluated."},
    {"alerts", "rules", kind::list, 0, 0, OC_FIELD(alerts.rules), "Enabled built-in rules: queue_backlog, average_wait, low_utilization, operation_timeouts."},
    {"alerts", "queue_backlog_threshold", kind::i32, 0, 100000000, OC_FIELD(alerts.queue_backlog_threshold), "queue_backlog: raise when a site has more QUEUED jobs than this."},
    {"alerts", "average_wait_threshold_s", kind::i32, 0, 604800, OC_FIELD(alerts.average_wait_threshold_s), "average_wait: raise when a site's open orders have waited longer than this on average."},
    {"alerts", "utilization_threshold_percent", kind::i32, 0, 100, OC_FIELD(alerts.utilization_threshold_percent), "low_utilization: raise when a site's average fabric utilization is below this."},
    {"alerts", "utilization_window_s", kind::i32, 1, 31536000, OC_FIELD(alerts.utilization_window_s), "low_utilization: orders updated within this window count."},
    {"alerts", "operation_timeouts_threshold", kind::i32, 1, 100000000, OC_FIELD(alerts.operation_timeouts_threshold), "operation_timeouts: raise when at least this many of a site's operations timed out within the window."},
    {"alerts", "operation_timeouts_window_s", kind::i32, 1, 31536000, OC_FIELD(alerts.operation_timeouts_window_s), "operation_timeouts: the window."},
    {"streams", "system_status_interval_ms", kind::i32, 10, 86400000, OC_FIELD(streams.system_status_interval_ms), "system_status on system:status every this often (skipped without subscribers)."},
    {"streams", "metrics_interval_ms", kind::i32, 10, 86400000, OC_FIELD(streams.metrics_interval_ms), "metrics_update on site:{site}:metrics every this often (skipped without subscribers)."},
    {"dialect_v1", "paths", kind::list, 0, 0, OC_FIELD(dialect_v1.paths), "WebSocket paths of the canonical protocol (docs/protocol.md)."},
    {"dialect_factory", "paths", kind::list, 0, 0, OC_FIELD(dialect_factory.paths), "Paths of the factory dialect (seed 000's /ws); empty: off."},
    {"dialect_factory", "connect_channels", kind::list, 0, 0, OC_FIELD(dialect_factory.connect_channels), "Channels a factory connection joins on connect, as far as the permission matrix allows ({site}, {sub}, {role}, {stations} filled in)."},
    {"dialect_factory", "subscriptions_per_connection", kind::i32, 1, 1000000, OC_FIELD(dialect_factory.subscriptions_per_connection), "Channels one factory connection may hold."},
    {"dialect_factory", "messages_per_minute", kind::i32, 1, 100000000, OC_FIELD(dialect_factory.messages_per_minute), "Inbound messages per factory connection per minute (over: a warning, the message dropped)."},
    {"dialect_factory", "message_burst", kind::i32, 1, 100000000, OC_FIELD(dialect_factory.message_burst), "Messages a factory connection may send at once."},
    {"dialect_factory", "anonymous_role", kind::text, 0, 0, OC_FIELD(dialect_factory.anonymous_role), "Role of a factory connection without a token (seed 000's clients send none); empty: such connections are refused."},
    {"dialect_factory", "anonymous_site", kind::text, 0, 0, OC_FIELD(dialect_factory.anonymous_site), "Site of a factory connection without a token."},
    {"dialect_rooms", "paths", kind::list, 0, 0, OC_FIELD(dialect_rooms.paths), "Paths of the rooms dialect (seed 001); add your API Gateway stage (/dev) to keep its clients' URLs; empty: off."},
    {"dialect_rooms", "connect_rooms", kind::list, 0, 0, OC_FIELD(dialect_rooms.connect_rooms), "Rooms a rooms connection joins on connect, as far as the permission matrix allows."},
    {"dialect_progress", "paths", kind::list, 0, 0, OC_FIELD(dialect_progress.paths), "Paths of the progress dialect (seed 002), each ending in {id} (the operation); empty: off."},
    {"dialect_progress", "ping_interval_ms", kind::i32, 100, 3600000, OC_FIELD(dialect_progress.ping_interval_ms), "A JSON {\"type\":\"ping\"} to progress clients this often."},
    {"dialect_shop", "paths", kind::list, 0, 0, OC_FIELD(dialect_shop.paths), "Paths of the shop dialect (seed 004), ending in {id} (the user); empty: off."},
    {"dialect_shop", "allow_anonymous", kind::boolean, 0, 1, OC_FIELD(dialect_shop.allow_anonymous), "Admit shop connections without a token as the customer the path names (seed 004 has no auth: anyone who knows a user id reads that user's order updates)."},
    {"log", "level", kind::text, 0, 0, OC_FIELD(log.level), "trace, debug, info, warn, error or off."},
};
#undef OC_FIELD

const char* const k_roles[] = {"customer", "employee", "operator", "manager", "admin", "service"};
const char* const k_role_maps[] = {"permissions", "auto_join"};

std::string name_of(const row& r) { return fmt::format("{}.{}", r.section, r.key); }

std::string env_name(std::string_view section, std::string_view key) {
    std::string s = "ORDERCAST_";
    for (char c : section) s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    s.push_back('_');
    for (char c : key) s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return s;
}

std::vector<std::string> split_list(std::string_view s) {
    std::vector<std::string> out;
    while (!s.empty()) {
        auto comma = s.find(',');
        auto item = s.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) out.emplace_back(item);
        if (comma == std::string_view::npos) break;
        s.remove_prefix(comma + 1);
    }
    return out;
}

void assign_text(config& c, const row& r, const std::string& value, const std::string& where) {
    void* f = r.field(c);
    switch (r.type) {
        case kind::text: *static_cast<std::string*>(f) = value; return;
        case kind::list: *static_cast<std::vector<std::string>*>(f) = split_list(value); return;
        case kind::boolean:
            if (value == "true" || value == "1") *static_cast<bool*>(f) = true;
            else if (value == "false" || value == "0") *static_cast<bool*>(f) = false;
            else throw config_error(fmt::format("{}: '{}' is not true or false ({})", name_of(r), value, where));
            return;
        case kind::i32:
        case kind::i64: {
            std::int64_t v = 0;
            auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
            if (ec != std::errc{} || p != value.data() + value.size())
                throw config_error(fmt::format("{}: '{}' is not an integer ({})", name_of(r), value, where));
            if (v < r.min || v > r.max)
                throw config_error(fmt::format("{}: {} is out of range {}..{} ({})", name_of(r), v, r.min, r.max, where));
            if (r.type == kind::i32) *static_cast<int*>(f) = static_cast<int>(v);
            else *static_cast<std::int64_t*>(f) = v;
            return;
        }
    }
}

void assign_yaml(config& c, const row& r, const YAML::Node& node, const std::string& where) {
    if (r.type == kind::list) {
        if (node.IsNull()) { static_cast<std::vector<std::string>*>(r.field(c))->clear(); return; }
        if (!node.IsSequence())
            throw config_error(fmt::format("{}: expected a list ({})", name_of(r), where));
        std::vector<std::string> items;
        for (const auto& item : node) items.push_back(item.as<std::string>());
        *static_cast<std::vector<std::string>*>(r.field(c)) = std::move(items);
        return;
    }
    if (!node.IsScalar())
        throw config_error(fmt::format("{}: expected a single value ({})", name_of(r), where));
    assign_text(c, r, node.Scalar(), where);
}

bool is_role(std::string_view s) {
    return std::any_of(std::begin(k_roles), std::end(k_roles), [&](const char* r) { return s == r; });
}

std::map<std::string, std::vector<std::string>>& role_map(config& c, std::string_view section) {
    return section == "permissions" ? c.permissions : c.auto_join;
}

void load_yaml(config& c, const std::string& path) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
        throw config_error(fmt::format("cannot read configuration file '{}': check the path and permissions", path));
    } catch (const YAML::Exception& e) {
        throw config_error(fmt::format("{}: YAML syntax error at line {}: {}", path, e.mark.line + 1, e.msg));
    }
    if (root.IsNull()) return;
    if (!root.IsMap()) throw config_error(fmt::format("{}: the top level must be a map of sections", path));
    for (const auto& section : root) {
        auto sname = section.first.as<std::string>();
        if (std::find(std::begin(k_role_maps), std::end(k_role_maps), sname) != std::end(k_role_maps)) {
            if (!section.second.IsMap())
                throw config_error(fmt::format("{}: expected a map of role to channel patterns ({})", sname, path));
            for (const auto& entry : section.second) {
                auto role = entry.first.as<std::string>();
                if (!is_role(role))
                    throw config_error(fmt::format("{}.{}: unknown role; roles are customer, employee, operator, manager, admin, service ({})", sname, role, path));
                if (!entry.second.IsSequence())
                    throw config_error(fmt::format("{}.{}: expected a list of channel patterns ({})", sname, role, path));
                std::vector<std::string> patterns;
                for (const auto& p : entry.second) patterns.push_back(p.as<std::string>());
                role_map(c, sname)[role] = std::move(patterns);
            }
            continue;
        }
        if (!section.second.IsMap())
            throw config_error(fmt::format("{}: expected a map of keys ({})", sname, path));
        for (const auto& kv : section.second) {
            auto key = kv.first.as<std::string>();
            auto it = std::find_if(std::begin(k_schema), std::end(k_schema),
                                   [&](const row& r) { return sname == r.section && key == r.key; });
            if (it == std::end(k_schema))
                throw config_error(fmt::format("{}.{}: unknown key; `ordercast config` lists every key ({})", sname, key, path));
            assign_yaml(c, *it, kv.second, path);
        }
    }
}

// Levenshtein distance, for the hint that names the key a misspelt variable meant.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The variable the product reads that is closest to `name`, or "" when none is close enough
// to be a plausible misspelling (at most a third of the name after the prefix differs).
std::string nearest_variable(std::string_view name) {
    std::vector<std::string> candidates;
    for (const auto& r : k_schema) candidates.push_back(env_name(r.section, r.key));
    for (const char* section : k_role_maps)
        for (const char* role : k_roles) candidates.push_back(env_name(section, role));
    for (auto other : k_environment_non_keys) candidates.emplace_back(other);
    const std::size_t prefix = std::string_view("ORDERCAST_").size();
    const std::size_t budget = std::max<std::size_t>(2, (name.size() - prefix) / 3);
    std::string best;
    std::size_t best_distance = budget + 1;
    for (const auto& candidate : candidates) {
        const std::size_t d = edit_distance(name.substr(prefix), std::string_view(candidate).substr(prefix));
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

[[noreturn]] void unknown_variable(const std::string& name) {
    std::string hint = nearest_variable(name);
    if (!hint.empty()) {
        auto key = std::find_if(std::begin(k_schema), std::end(k_schema),
                                [&](const row& r) { return env_name(r.section, r.key) == hint; });
        hint = key == std::end(k_schema) ? fmt::format(" Did you mean {}?", hint)
                                         : fmt::format(" Did you mean {} ({})?", hint, name_of(*key));
    }
    throw config_error(fmt::format(
        "environment {}: names no configuration key.{} Unset it or fix its name; `ordercast config` lists "
        "every key and its variable (docs/configuration.md lists the other ORDERCAST_* variables)",
        name, hint));
}

void apply_env(config& c, char** envp) {
    if (envp == nullptr) return;
    for (char** e = envp; *e != nullptr; ++e) {
        std::string_view entry(*e);
        if (!entry.starts_with("ORDERCAST_")) continue;
        auto eq = entry.find('=');
        if (eq == std::string_view::npos) continue;
        std::string name(entry.substr(0, eq));
        std::string value(entry.substr(eq + 1));
        auto it = std::find_if(std::begin(k_schema), std::end(k_schema),
                               [&](const row& r) { return env_name(r.section, r.key) == name; });
        if (it != std::end(k_schema)) {
            assign_text(c, *it, value, "environment " + name);
            continue;
        }
        if (std::find(k_environment_non_keys.begin(), k_environment_non_keys.end(), name) !=
            k_environment_non_keys.end())
            continue;
        bool matched = false;
        for (const char* section : k_role_maps) {
            const std::string prefix = env_name(section, "");
            if (!name.starts_with(prefix)) continue;
            for (const char* role : k_roles) {
                if (env_name(section, role) == name) {
                    role_map(c, section)[role] = split_list(value);
                    matched = true;
                }
            }
            if (!matched) {
                std::string role = name.substr(prefix.size());
                for (char& ch : role) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                throw config_error(fmt::format("environment {}: {}.{}: unknown role; roles are customer, employee, "
                                               "operator, manager, admin, service",
                                               name, section, role));
            }
        }
        if (!matched) unknown_variable(name);
    }
}

void validate(config& c) {
    const std::set<std::string> algs = {"HS256", "RS256", "ES256"};
    if (!algs.contains(c.auth.jwt_algorithm))
        throw config_error(fmt::format("auth.jwt_algorithm: '{}' is not supported; use HS256, RS256 or ES256", c.auth.jwt_algorithm));
    if (c.auth.jwt_algorithm == "HS256") {
        if (!c.auth.jwt_public_key_file.empty())
            throw config_error("auth.jwt_public_key_file: a public key is set but auth.jwt_algorithm is HS256; set RS256 or ES256, or remove the key");
        if (c.auth.jwt_secret.empty()) c.development_mode = true;
        else if (c.auth.jwt_secret.size() < 32)
            throw config_error("auth.jwt_secret: must be at least 32 bytes (HS256 needs a key as long as its hash); generate one with `openssl rand -hex 32`");
    } else {
        if (c.auth.jwt_public_key_file.empty())
            throw config_error(fmt::format("auth.jwt_public_key_file: {} needs a PEM public key file", c.auth.jwt_algorithm));
        if (!c.auth.jwt_secret.empty())
            throw config_error(fmt::format("auth.jwt_secret: a secret is set but auth.jwt_algorithm is {}; remove it", c.auth.jwt_algorithm));
    }
    if (c.tls.cert_file.empty() != c.tls.key_file.empty())
        throw config_error(c.tls.cert_file.empty() ? "tls.cert_file: tls.key_file is set, the certificate is missing"
                                                    : "tls.key_file: tls.cert_file is set, the private key is missing");
    const std::set<std::string> levels = {"trace", "debug", "info", "warn", "error", "off"};
    if (!levels.contains(c.log.level))
        throw config_error(fmt::format("log.level: '{}' is not a level; use trace, debug, info, warn, error or off", c.log.level));
    if (c.server.data_dir.empty()) throw config_error("server.data_dir: must not be empty");
    if (c.limits.message_burst < 1) throw config_error("limits.message_burst: must be at least 1");
    if (c.store.engine != "sqlite")
        throw config_error(fmt::format("store.engine: '{}' is not supported yet; use sqlite", c.store.engine));
    if (c.store.sqlite_file.empty()) throw config_error("store.sqlite_file: must not be empty");
    if (c.server.idle_timeout_ms <= c.server.ping_interval_ms)
        throw config_error("server.idle_timeout_ms: must be longer than server.ping_interval_ms, or healthy idle clients are closed");
}

std::string default_text(const row& r) {
    config defaults;
    void* f = r.field(defaults);
    switch (r.type) {
        case kind::text: return *static_cast<std::string*>(f);
        case kind::i32: return std::to_string(*static_cast<int*>(f));
        case kind::i64: return std::to_string(*static_cast<std::int64_t*>(f));
        case kind::list: return fmt::format("{}", fmt::join(*static_cast<std::vector<std::string>*>(f), ","));
        case kind::boolean: return *static_cast<bool*>(f) ? "true" : "false";
    }
    return {};
}

}  // namespace

config load_config(const std::string& path, char** envp) {
    config c;
    if (!path.empty()) load_yaml(c, path);
    apply_env(c, envp);
    validate(c);
    return c;
}

std::vector<config_key_doc> describe_config() {
    std::vector<config_key_doc> out;
    for (const auto& r : k_schema) {
        const char* type = r.type == kind::text      ? "string"
                           : r.type == kind::list    ? "list"
                           : r.type == kind::boolean ? "boolean"
                                                     : "integer";
        out.push_back({name_of(r), env_name(r.section, r.key), type, default_text(r), r.help});
    }
    for (const char* section : k_role_maps) {
        out.push_back({fmt::format("{}.<role>", section), env_name(section, "<ROLE>"), "list",
                       "built-in (docs/permissions.md)",
                       std::string_view(section) == "permissions"
                           ? "Channel patterns a role may subscribe to."
                           : "Channel patterns joined automatically on connect."});
    }
    return out;
}

}  // namespace ordercast::core

#include "core/config.hpp"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "core/config_environment.hpp"

namespace ordercast::core {

// ---------------------------------------------------------------------------------------
// Core's own sections: one row per key.
// ---------------------------------------------------------------------------------------
namespace {
constexpr std::int64_t k_big = std::int64_t{1} << 40;
}  // namespace

constexpr setting k_server_keys[] = {
    key<&server_config::profile>(
        "profile",
        "A seed system's profile: factory, manufacturing, scheduler, restaurant or shop (docs/profiles.md). "
        "Its "
        "settings lie beneath the file's and the environment's; empty: the canonical defaults."),
    key<&server_config::host>("host", "Address to listen on (0.0.0.0, 127.0.0.1, ::)."),
    key<&server_config::port>("port", 0, 65535, "TCP port; 0 picks a free port and prints it."),
    key<&server_config::threads>("threads", 0, 256, "Event-loop threads; 0 means one per core."),
    key<&server_config::data_dir>("data_dir", "Directory for the embedded store and state."),
    key<&server_config::allowed_origins>("allowed_origins",
                                         "Origins allowed to open WebSockets (empty: any). Requests without "
                                         "Origin (non-browsers) are allowed."),
    key<&server_config::handshake_timeout_ms>(
        "handshake_timeout_ms", 100, 600000,
        "Time a new connection has to send a complete request or upgrade."),
    key<&server_config::ping_interval_ms>("ping_interval_ms", 100, 3600000, "WebSocket ping interval."),
    key<&server_config::idle_timeout_ms>("idle_timeout_ms", 200, 86400000,
                                         "A WebSocket silent this long (no frame, no pong) is closed."),
    key<&server_config::shutdown_timeout_ms>("shutdown_timeout_ms", 0, 600000,
                                             "On SIGTERM/SIGINT, time allowed to drain queues before exit."),
    key<&server_config::max_http_body_bytes>("max_http_body_bytes", 1024, k_big,
                                             "Largest accepted HTTP request body."),
    key<&server_config::web_root>("web_root", "Directory of static files served at / (empty: none)."),
};
constexpr setting k_tls_keys[] = {
    key<&tls_config::cert_file>("cert_file", "PEM certificate chain; with key_file, serves https/wss only."),
    key<&tls_config::key_file>("key_file", "PEM private key for cert_file."),
};
constexpr setting k_auth_keys[] = {
    key<&auth_config::jwt_algorithm>(
        "jwt_algorithm",
        "HS256 (shared secret), RS256 or ES256 (public key). Tokens must use exactly this algorithm."),
    key<&auth_config::jwt_secret>(
        "jwt_secret", "HS256 secret (at least 32 bytes). Empty: development mode with a generated secret."),
    key<&auth_config::jwt_public_key_file>("jwt_public_key_file", "PEM public key for RS256/ES256."),
    key<&auth_config::issuer>("issuer", "Required `iss` claim (empty: not checked)."),
    key<&auth_config::audience>("audience", "Required `aud` claim (empty: not checked)."),
    key<&auth_config::leeway_s>("leeway_s", 0, 3600, "Clock skew allowed for exp/nbf."),
    key<&auth_config::token_expiring_notice_s>(
        "token_expiring_notice_s", 1, 86400,
        "Send token_expiring this long before a connection's token expires."),
    key<&auth_config::claims_user>(
        "claims.user",
        "The claim that names the user (e.g. userId); its value is the principal's "
        "id (`sub` in channels and rooms)."),
    key<&auth_config::claims_role>("claims.role", "The claim that carries the role (e.g. userType)."),
    key<&auth_config::claims_site>("claims.site",
                                   "The claim that names the site (e.g. branchId, cafeId); may be absent."),
    key<&auth_config::claims_stations>("claims.stations",
                                       "The claim listing the stations (counters, machines, cutters)."),
    key<&auth_config::role_map>(
        "role_map",
        "The issuer's role names as ordercast roles, entries `issuer=ordercast` (e.g. "
        "staff=employee); a role not listed must be an ordercast role."),
    key<&auth_config::require_exp>(
        "require_exp",
        "Refuse tokens without `exp`. false (for an issuer whose tokens have none) accepts them as never "
        "expiring, with a warning at start."),
    key<&auth_config::jwks_url>(
        "jwks_url",
        "http(s) URL of the issuer's JWKS (RS256/ES256 keys by kid), instead of jwt_public_key_file; fetched "
        "at start (unreachable: the server does not start) and again when a token names an unknown kid."),
    key<&auth_config::jwks_refresh_limit_s>(
        "jwks_refresh_limit_s", 1, 86400,
        "At most one fetch of jwks_url per this many seconds, however many unknown kids arrive."),
    key<&auth_config::jwks_max_age_s>("jwks_max_age_s", 10, 31536000,
                                      "jwks_url is fetched again at least this often (withdrawn keys stop "
                                      "working)."),
    key<&auth_config::jwks_timeout_ms>("jwks_timeout_ms", 100, 600000,
                                       "Time allowed for one fetch of jwks_url (connect, TLS, answer)."),
};
constexpr setting k_limits_keys[] = {
    key<&limits_config::connections_per_user>("connections_per_user", 1, 1000000,
                                              "Concurrent WebSocket connections per user (sub)."),
    key<&limits_config::connections_per_site>("connections_per_site", 1, 10000000,
                                              "Concurrent WebSocket connections per site."),
    key<&limits_config::connections_per_node>("connections_per_node", 1, 100000000,
                                              "Concurrent WebSocket connections on this node."),
    key<&limits_config::subscriptions_per_connection>("subscriptions_per_connection", 1, 1000000,
                                                      "Channels one connection may be subscribed to."),
    key<&limits_config::messages_per_minute>(
        "messages_per_minute", 1, 100000000,
        "Inbound messages per connection per minute (token bucket refill)."),
    key<&limits_config::message_burst>("message_burst", 1, 100000000,
                                       "Token bucket capacity: messages a connection may send at once."),
    key<&limits_config::rate_limit_strikes>(
        "rate_limit_strikes", 1, 1000000,
        "RATE_LIMIT_EXCEEDED answers before the connection is closed with 1008."),
    key<&limits_config::max_message_bytes>("max_message_bytes", 125, k_big,
                                           "Largest inbound WebSocket message; larger closes with 1009."),
    key<&limits_config::outbound_queue_bytes>(
        "outbound_queue_bytes", 1024, k_big,
        "Bytes queued for one slow reader before it is closed with 1013."),
    key<&limits_config::outbound_queue_messages>(
        "outbound_queue_messages", 1, 100000000,
        "Frames queued for one slow reader before it is closed with 1013."),
};
constexpr setting k_hub_keys[] = {
    key<&hub_config::history_events>("history_events", 0, 100000000, "Events kept per channel for replay."),
    key<&hub_config::history_age_s>("history_age_s", 0, 31536000, "Maximum age of kept events."),
    key<&hub_config::history_memory_mb>("history_memory_mb", 1, 1048576,
                                        "Memory budget of all channels' history together."),
    key<&hub_config::ack_timeout_ms>("ack_timeout_ms", 10, 3600000,
                                     "Time before an unacknowledged critical event is sent again."),
    key<&hub_config::ack_max_retries>("ack_max_retries", 0, 1000,
                                      "Redeliveries of an unacknowledged critical event."),
    key<&hub_config::ack_max_pending>("ack_max_pending", 1, 1000000,
                                      "Unacknowledged critical events tracked per connection; past it the "
                                      "oldest is no longer redelivered."),
};
constexpr setting k_store_keys[] = {
    key<&store_config::engine>("engine", "Database engine: sqlite (a file under server.data_dir)."),
    key<&store_config::sqlite_file>("sqlite_file",
                                    "SQLite database file; a relative path is under server.data_dir."),
    key<&store_config::busy_timeout_ms>(
        "busy_timeout_ms", 0, 600000,
        "How long a write waits for the database lock before failing with 503."),
    key<&store_config::read_connections>("read_connections", 1, 256,
                                         "Reader connections beside the single writer."),
    key<&store_config::auto_migrate>(
        "auto_migrate",
        "Apply pending schema migrations at start-up (false: refuse to start until `ordercast db migrate`)."),
    key<&store_config::idempotency_retention_s>(
        "idempotency_retention_s", 1, 31536000,
        "How long an Idempotency-Key is remembered; a retry after that creates again. Expired keys are "
        "removed within a minute."),
};
constexpr setting k_dialect_v1_keys[] = {
    key<&dialect_v1_config::paths>("paths", "WebSocket paths of the canonical protocol (docs/protocol.md)."),
};
constexpr setting k_dialect_factory_keys[] = {
    key<&dialect_factory_config::paths>("paths",
                                        "Paths of the factory dialect (seed 000's /ws); empty: off."),
    key<&dialect_factory_config::connect_channels>(
        "connect_channels",
        "Channels a factory connection joins on connect, as far as the permission matrix allows ({site}, "
        "{sub}, {role}, {stations} filled in)."),
    key<&dialect_factory_config::subscriptions_per_connection>("subscriptions_per_connection", 1, 1000000,
                                                               "Channels one factory connection may hold."),
    key<&dialect_factory_config::messages_per_minute>(
        "messages_per_minute", 1, 100000000,
        "Inbound messages per factory connection per minute (over: a warning, the message dropped)."),
    key<&dialect_factory_config::message_burst>("message_burst", 1, 100000000,
                                                "Messages a factory connection may send at once."),
    key<&dialect_factory_config::anonymous_role>("anonymous_role",
                                                 "Role of a factory connection without a token (seed 000's "
                                                 "clients send none); empty: such connections are refused."),
    key<&dialect_factory_config::anonymous_site>("anonymous_site",
                                                 "Site of a factory connection without a token."),
    key<&dialect_factory_config::queue_heartbeat_ms>(
        "queue_heartbeat_ms", 0, 86400000,
        "While a factory connection is open, each site's queue_update is sent again this often when its "
        "queue did not change (the dashboard's counters every 10 s); it reaches every subscriber of the "
        "site's queue channel; 0: off."),
};
constexpr setting k_dialect_rooms_keys[] = {
    key<&dialect_rooms_config::paths>("paths",
                                      "Paths of the rooms dialect (seed 001); add your API Gateway stage "
                                      "(/dev) to keep its clients' URLs; empty: off."),
    key<&dialect_rooms_config::connect_rooms>(
        "connect_rooms",
        "Rooms a rooms connection joins on connect, as far as the permission matrix allows."),
    key<&dialect_rooms_config::refuse_at_upgrade>(
        "refuse_at_upgrade",
        "Refuse a missing, bad or expired token at the upgrade with HTTP 401 (as an API Gateway $connect "
        "authorizer does) instead of accepting the connection and closing it with 1008."),
};
constexpr setting k_dialect_progress_keys[] = {
    key<&dialect_progress_config::paths>(
        "paths",
        "Paths of the progress dialect (seed 002), each ending in {id} (the operation); empty: off."),
    key<&dialect_progress_config::ping_interval_ms>(
        "ping_interval_ms", 100, 3600000, "A JSON {\"type\":\"ping\"} to progress clients this often."),
};
constexpr setting k_dialect_shop_keys[] = {
    key<&dialect_shop_config::paths>(
        "paths", "Paths of the shop dialect (seed 004), ending in {id} (the user); empty: off."),
    key<&dialect_shop_config::allow_anonymous>(
        "allow_anonymous",
        "Admit shop connections without a token as the customer the path names (seed 004 has no auth: anyone "
        "who knows a user id reads that user's order updates)."),
};
constexpr setting k_dialect_restaurant_keys[] = {
    key<&dialect_restaurant_config::paths>(
        "paths",
        "Paths of the restaurant dialect: /v1's protocol with the restaurant ordering clients' own names "
        "(cafeId, cafe:, counter:, orderNumber, total); give it /v1 and set dialect_v1.paths to []. Empty: "
        "off."),
};
constexpr setting k_log_keys[] = {
    key<&log_config::level>("level", "trace, debug, info, warn, error or off."),
};

const config_section k_server_section{"server", k_server_keys};
const config_section k_tls_section{"tls", k_tls_keys};
const config_section k_auth_section{"auth", k_auth_keys};
const config_section k_limits_section{"limits", k_limits_keys};
const config_section k_hub_section{"hub", k_hub_keys};
const config_section k_store_section{"store", k_store_keys};
const config_section k_dialect_v1_section{"dialect_v1", k_dialect_v1_keys};
const config_section k_dialect_factory_section{"dialect_factory", k_dialect_factory_keys};
const config_section k_dialect_rooms_section{"dialect_rooms", k_dialect_rooms_keys};
const config_section k_dialect_progress_section{"dialect_progress", k_dialect_progress_keys};
const config_section k_dialect_shop_section{"dialect_shop", k_dialect_shop_keys};
const config_section k_dialect_restaurant_section{"dialect_restaurant", k_dialect_restaurant_keys};
const config_section k_log_section{"log", k_log_keys};

namespace {

// ---------------------------------------------------------------------------------------
// The schema flattened: one row per key of every bound section, in order.
// ---------------------------------------------------------------------------------------
struct row {
    std::string_view section;
    const setting* key;
    void* (*locate)(config&);

    void* field(config& c) const { return key->field(locate(c)); }
};

std::vector<row> flatten(std::span<const bound_section> schema) {
    std::vector<row> rows;
    for (const auto& b : schema)
        for (const auto& k : b.section->keys) rows.push_back({b.section->name, &k, b.locate});
    return rows;
}

const char* const k_roles[] = {"customer", "employee", "operator", "manager", "admin", "service"};
const char* const k_role_maps[] = {"permissions", "auto_join"};

std::string name_of(const row& r) {
    return fmt::format("{}.{}", r.section, r.key->name);
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
    switch (r.key->type) {
        case setting_type::text:
            *static_cast<std::string*>(f) = value;
            return;
        case setting_type::list:
            *static_cast<std::vector<std::string>*>(f) = split_list(value);
            return;
        case setting_type::boolean:
            if (value == "true" || value == "1")
                *static_cast<bool*>(f) = true;
            else if (value == "false" || value == "0")
                *static_cast<bool*>(f) = false;
            else
                throw config_error(
                    fmt::format("{}: '{}' is not true or false ({})", name_of(r), value, where));
            return;
        case setting_type::i32:
        case setting_type::i64: {
            std::int64_t v = 0;
            auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
            if (ec != std::errc{} || p != value.data() + value.size())
                throw config_error(fmt::format("{}: '{}' is not an integer ({})", name_of(r), value, where));
            if (v < r.key->min || v > r.key->max)
                throw config_error(fmt::format("{}: {} is out of range {}..{} ({})", name_of(r), v,
                                               r.key->min, r.key->max, where));
            if (r.key->type == setting_type::i32)
                *static_cast<int*>(f) = static_cast<int>(v);
            else
                *static_cast<std::int64_t*>(f) = v;
            return;
        }
    }
}

void assign_yaml(config& c, const row& r, const YAML::Node& node, const std::string& where) {
    if (r.key->type == setting_type::list) {
        if (node.IsNull()) {
            static_cast<std::vector<std::string>*>(r.field(c))->clear();
            return;
        }
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

YAML::Node read_yaml_file(const std::string& path) {
    try {
        return YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
        throw config_error(
            fmt::format("cannot read configuration file '{}': check the path and permissions", path));
    } catch (const YAML::Exception& e) {
        throw config_error(fmt::format("{}: YAML syntax error at line {}: {}", path, e.mark.line + 1, e.msg));
    }
}

// Records that `source` set `key`, when the caller asked where values came from.
void note_origin(config_origins* origins, std::string key, const std::string& source) {
    if (origins != nullptr) (*origins)[std::move(key)] = source;
}

// Sets section.key from `node`. A key whose name has dots ("claims.user") may be written as
// nested maps (`claims: {user: userId}`) or with its dots.
void assign_key(config& c, const std::vector<row>& rows, const std::string& sname, const std::string& key,
                const YAML::Node& node, const std::string& where, config_origins* origins) {
    auto it = std::find_if(rows.begin(), rows.end(),
                           [&](const row& r) { return sname == r.section && key == r.key->name; });
    if (it != rows.end()) {
        assign_yaml(c, *it, node, where);
        note_origin(origins, name_of(*it), where);
        return;
    }
    const bool prefix_of_a_key = std::any_of(rows.begin(), rows.end(), [&](const row& r) {
        return sname == r.section && r.key->name.starts_with(key + ".");
    });
    if (prefix_of_a_key && node.IsMap()) {
        for (const auto& kv : node)
            assign_key(c, rows, sname, key + "." + kv.first.as<std::string>(), kv.second, where, origins);
        return;
    }
    throw config_error(
        fmt::format("{}.{}: unknown key; `ordercast config` lists every key ({})", sname, key, where));
}

// Applies one YAML layer (a profile or the user's file); `where` names it in errors and origins.
void apply_yaml(config& c, const std::vector<row>& rows, const YAML::Node& root, const std::string& where,
                config_origins* origins) {
    if (root.IsNull()) return;
    if (!root.IsMap()) throw config_error(fmt::format("{}: the top level must be a map of sections", where));
    for (const auto& section : root) {
        auto sname = section.first.as<std::string>();
        if (std::find(std::begin(k_role_maps), std::end(k_role_maps), sname) != std::end(k_role_maps)) {
            if (!section.second.IsMap())
                throw config_error(
                    fmt::format("{}: expected a map of role to channel patterns ({})", sname, where));
            for (const auto& entry : section.second) {
                auto role = entry.first.as<std::string>();
                if (!is_role(role))
                    throw config_error(
                        fmt::format("{}.{}: unknown role; roles are customer, employee, operator, manager, "
                                    "admin, service ({})",
                                    sname, role, where));
                if (!entry.second.IsSequence())
                    throw config_error(
                        fmt::format("{}.{}: expected a list of channel patterns ({})", sname, role, where));
                std::vector<std::string> patterns;
                for (const auto& p : entry.second) patterns.push_back(p.as<std::string>());
                role_map(c, sname)[role] = std::move(patterns);
                note_origin(origins, fmt::format("{}.{}", sname, role), where);
            }
            continue;
        }
        if (!section.second.IsMap())
            throw config_error(fmt::format("{}: expected a map of keys ({})", sname, where));
        for (const auto& kv : section.second)
            assign_key(c, rows, sname, kv.first.as<std::string>(), kv.second, where, origins);
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
std::string nearest_variable(const std::vector<row>& rows, std::string_view name) {
    std::vector<std::string> candidates;
    for (const auto& r : rows) candidates.push_back(environment_name(r.section, r.key->name));
    for (const char* section : k_role_maps)
        for (const char* role : k_roles) candidates.push_back(environment_name(section, role));
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

[[noreturn]] void unknown_variable(const std::vector<row>& rows, const std::string& name) {
    std::string hint = nearest_variable(rows, name);
    if (!hint.empty()) {
        auto key = std::find_if(rows.begin(), rows.end(), [&](const row& r) {
            return environment_name(r.section, r.key->name) == hint;
        });
        hint = key == rows.end() ? fmt::format(" Did you mean {}?", hint)
                                 : fmt::format(" Did you mean {} ({})?", hint, name_of(*key));
    }
    throw config_error(fmt::format(
        "environment {}: names no configuration key.{} Unset it or fix its name; `ordercast config` lists "
        "every key and its variable (docs/configuration.md lists the other ORDERCAST_* variables)",
        name, hint));
}

void apply_env(config& c, const std::vector<row>& rows, char** envp, config_origins* origins) {
    if (envp == nullptr) return;
    for (char** e = envp; *e != nullptr; ++e) {
        std::string_view entry(*e);
        if (!entry.starts_with("ORDERCAST_")) continue;
        auto eq = entry.find('=');
        if (eq == std::string_view::npos) continue;
        std::string name(entry.substr(0, eq));
        std::string value(entry.substr(eq + 1));
        auto it = std::find_if(rows.begin(), rows.end(), [&](const row& r) {
            return environment_name(r.section, r.key->name) == name;
        });
        if (it != rows.end()) {
            assign_text(c, *it, value, "environment " + name);
            note_origin(origins, name_of(*it), "environment " + name);
            continue;
        }
        if (std::find(k_environment_non_keys.begin(), k_environment_non_keys.end(), name) !=
            k_environment_non_keys.end())
            continue;
        bool matched = false;
        for (const char* section : k_role_maps) {
            const std::string prefix = environment_name(section, "");
            if (!name.starts_with(prefix)) continue;
            for (const char* role : k_roles) {
                if (environment_name(section, role) == name) {
                    role_map(c, section)[role] = split_list(value);
                    note_origin(origins, fmt::format("{}.{}", section, role), "environment " + name);
                    matched = true;
                }
            }
            if (!matched) {
                std::string role = name.substr(prefix.size());
                for (char& ch : role) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                throw config_error(
                    fmt::format("environment {}: {}.{}: unknown role; roles are customer, employee, "
                                "operator, manager, admin, service",
                                name, section, role));
            }
        }
        if (!matched) unknown_variable(rows, name);
    }
}

void validate(config& c) {
    const std::set<std::string> algs = {"HS256", "RS256", "ES256"};
    if (!algs.contains(c.auth.jwt_algorithm))
        throw config_error(fmt::format("auth.jwt_algorithm: '{}' is not supported; use HS256, RS256 or ES256",
                                       c.auth.jwt_algorithm));
    if (c.auth.jwt_algorithm == "HS256") {
        if (!c.auth.jwt_public_key_file.empty())
            throw config_error(
                "auth.jwt_public_key_file: a public key is set but auth.jwt_algorithm is HS256; set RS256 or "
                "ES256, or remove the key");
        if (c.auth.jwt_secret.empty())
            c.development_mode = true;
        else if (c.auth.jwt_secret.size() < 32)
            throw config_error(
                "auth.jwt_secret: must be at least 32 bytes (HS256 needs a key as long as its hash); "
                "generate one with `openssl rand -hex 32`");
    } else {
        if (c.auth.jwt_public_key_file.empty() && c.auth.jwks_url.empty())
            throw config_error(
                fmt::format("auth.jwt_public_key_file: {} needs a PEM public key file (or auth.jwks_url, the "
                            "issuer's published keys)",
                            c.auth.jwt_algorithm));
        if (!c.auth.jwt_public_key_file.empty() && !c.auth.jwks_url.empty())
            throw config_error(
                "auth.jwks_url: auth.jwt_public_key_file is set as well; keep one source of the issuer's "
                "keys");
        if (!c.auth.jwt_secret.empty())
            throw config_error(
                fmt::format("auth.jwt_secret: a secret is set but auth.jwt_algorithm is {}; remove it",
                            c.auth.jwt_algorithm));
    }
    if (!c.auth.jwks_url.empty()) {
        if (c.auth.jwt_algorithm == "HS256")
            throw config_error(
                "auth.jwks_url: keys published at a JWKS endpoint are public keys; set auth.jwt_algorithm to "
                "the issuer's algorithm, RS256 or ES256");
        if (!c.auth.jwks_url.starts_with("http://") && !c.auth.jwks_url.starts_with("https://"))
            throw config_error(
                fmt::format("auth.jwks_url: '{}' is not an http:// or https:// URL", c.auth.jwks_url));
    }
    if (c.tls.cert_file.empty() != c.tls.key_file.empty())
        throw config_error(c.tls.cert_file.empty()
                               ? "tls.cert_file: tls.key_file is set, the certificate is missing"
                               : "tls.key_file: tls.cert_file is set, the private key is missing");
    const std::set<std::string> levels = {"trace", "debug", "info", "warn", "error", "off"};
    if (!levels.contains(c.log.level))
        throw config_error(fmt::format(
            "log.level: '{}' is not a level; use trace, debug, info, warn, error or off", c.log.level));
    if (c.server.data_dir.empty()) throw config_error("server.data_dir: must not be empty");
    if (c.limits.message_burst < 1) throw config_error("limits.message_burst: must be at least 1");
    if (c.store.engine != "sqlite")
        throw config_error(
            fmt::format("store.engine: '{}' is not supported yet; use sqlite", c.store.engine));
    if (c.store.sqlite_file.empty()) throw config_error("store.sqlite_file: must not be empty");
    if (c.server.idle_timeout_ms <= c.server.ping_interval_ms)
        throw config_error(
            "server.idle_timeout_ms: must be longer than server.ping_interval_ms, or healthy idle clients "
            "are closed");
}

std::string value_text(config& c, const row& r) {
    void* f = r.field(c);
    switch (r.key->type) {
        case setting_type::text:
            return *static_cast<std::string*>(f);
        case setting_type::i32:
            return std::to_string(*static_cast<int*>(f));
        case setting_type::i64:
            return std::to_string(*static_cast<std::int64_t*>(f));
        case setting_type::list:
            return fmt::format("{}", fmt::join(*static_cast<std::vector<std::string>*>(f), ","));
        case setting_type::boolean:
            return *static_cast<bool*>(f) ? "true" : "false";
    }
    return {};
}

}  // namespace

std::string environment_name(std::string_view section, std::string_view key) {
    std::string s = "ORDERCAST_";
    for (char c : section) s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    s.push_back('_');
    // A nested key's dots become underscores: auth.claims.user is ORDERCAST_AUTH_CLAIMS_USER.
    for (char c : key)
        s.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return s;
}

namespace {

// A YAML layer's server.profile value, if it has one. (yaml-cpp's operator[] on a missing key
// yields a node that throws when asked its type, so the maps are searched.)
std::optional<YAML::Node> server_profile_key(const YAML::Node& layer) {
    if (!layer.IsMap()) return std::nullopt;
    for (const auto& section : layer) {
        if (section.first.Scalar() != "server" || !section.second.IsMap()) continue;
        for (const auto& kv : section.second)
            if (kv.first.Scalar() == "profile") return kv.second;
    }
    return std::nullopt;
}

// The profile named on the command line, else by the environment, else by the file.
std::string chosen_profile(const config_sources& sources, const YAML::Node& file, char** envp) {
    if (!sources.profile.empty()) return sources.profile;
    const std::string variable = environment_name("server", "profile") + "=";
    for (char** e = envp; e != nullptr && *e != nullptr; ++e)
        if (std::string_view(*e).starts_with(variable)) return std::string(*e + variable.size());
    if (const auto profile = server_profile_key(file); profile && profile->IsScalar())
        return profile->Scalar();
    return {};
}

YAML::Node read_profile(const config_sources& sources, const std::string& name) {
    const auto text = sources.find_profile ? sources.find_profile(name) : std::nullopt;
    if (!text)
        throw config_error(
            fmt::format("server.profile: '{}' is not a profile; the profiles are {} "
                        "(docs/profiles.md), or none for the canonical defaults",
                        name, sources.profile_names.empty() ? "none" : sources.profile_names));
    YAML::Node node;
    try {
        node = YAML::Load(std::string(*text));
    } catch (const YAML::Exception& e) {
        throw config_error(
            fmt::format("profile {}: YAML syntax error at line {}: {}", name, e.mark.line + 1, e.msg));
    }
    if (server_profile_key(node))
        throw config_error(fmt::format("profile {}: a profile must not set server.profile", name));
    return node;
}

}  // namespace

void load_config(config& root, std::span<const bound_section> schema, const config_sources& sources,
                 char** envp, config_origins* origins) {
    const std::vector<row> rows = flatten(schema);
    const YAML::Node file = sources.file.empty() ? YAML::Node() : read_yaml_file(sources.file);
    const std::string profile = chosen_profile(sources, file, envp);
    if (!profile.empty())
        apply_yaml(root, rows, read_profile(sources, profile), "profile " + profile, origins);
    if (!sources.file.empty()) apply_yaml(root, rows, file, sources.file, origins);
    apply_env(root, rows, envp, origins);
    if (!sources.profile.empty()) {
        root.server.profile = sources.profile;
        note_origin(origins, "server.profile", "command line --profile");
    }
    validate(root);
}

void load_config(config& root, std::span<const bound_section> schema, const std::string& path, char** envp) {
    load_config(root, schema, config_sources{.file = path}, envp);
}

std::vector<std::pair<std::string, std::string>> config_values(std::span<const bound_section> schema,
                                                               config& root) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : flatten(schema)) out.emplace_back(name_of(r), value_text(root, r));
    for (const char* section : k_role_maps)
        for (const auto& [role, patterns] : role_map(root, section))
            out.emplace_back(fmt::format("{}.{}", section, role),
                             fmt::format("{}", fmt::join(patterns, ",")));
    return out;
}

std::vector<config_key_doc> describe_config(std::span<const bound_section> schema, config& defaults) {
    std::vector<config_key_doc> out;
    for (const auto& r : flatten(schema)) {
        const char* type = r.key->type == setting_type::text      ? "string"
                           : r.key->type == setting_type::list    ? "list"
                           : r.key->type == setting_type::boolean ? "boolean"
                                                                  : "integer";
        out.push_back({name_of(r), environment_name(r.section, r.key->name), type, value_text(defaults, r),
                       std::string(r.key->help)});
    }
    for (const char* section : k_role_maps) {
        out.push_back({fmt::format("{}.<role>", section), environment_name(section, "<ROLE>"), "list",
                       "built-in (docs/permissions.md)",
                       std::string_view(section) == "permissions"
                           ? "Channel patterns a role may subscribe to."
                           : "Channel patterns joined automatically on connect."});
    }
    return out;
}

}  // namespace ordercast::core

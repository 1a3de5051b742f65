// `ordercast serve`: the composition root. Builds every component from the configuration in
// dependency order, runs the event loops, and shuts down gracefully on SIGTERM/SIGINT.
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <filesystem>
#include <iostream>
#include <thread>

#include "api/api_context.hpp"
#include "api/openapi.hpp"
#include "api/router.hpp"
#include "api/ws/operation_hooks.hpp"
#include "api/ws/ops_command_handler.hpp"
#include "api/ws/order_command_handler.hpp"
#include "api/ws/store_ownership_hook.hpp"
#include "app/auth_keys.hpp"
#include "app/exposure_warnings.hpp"
#include "app/hub_event_sink.hpp"
#include "app/options.hpp"
#include "app/periodic_task.hpp"
#include "app/presence_publisher.hpp"
#include "auth/jwt_signer.hpp"
#include "auth/jwt_verifier.hpp"
#include "auth/ownership_hook.hpp"
#include "auth/permission_rules.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "domain/alerts/alert_rules.hpp"
#include "domain/alerts/alert_service.hpp"
#include "domain/alerts/site_figures.hpp"
#include "domain/customer_service.hpp"
#include "domain/floor/floor_service.hpp"
#include "domain/idempotency.hpp"
#include "domain/operations/operation_service.hpp"
#include "domain/order_service.hpp"
#include "domain/queue/queue_service.hpp"
#include "domain/status_machine.hpp"
#include "domain/streams/status_streams.hpp"
#include "hub/hub.hpp"
#include "net/listener.hpp"
#include "net/worker_pool.hpp"
#include "protocol/dialect_registry.hpp"
#include "protocol/event_renderer.hpp"
#include "session/command_handler.hpp"
#include "session/connection_registry.hpp"
#include "session/session.hpp"
#include "store/open_store.hpp"
#include "store/store.hpp"
#include "store/store_error.hpp"

namespace ordercast::app {
namespace {

namespace asio = boost::asio;

hub::hub_options hub_options_from(const settings& cfg) {
    hub::hub_options o;
    o.history_max_events = static_cast<std::size_t>(cfg.hub.history_events);
    o.history_max_age = std::chrono::seconds(cfg.hub.history_age_s);
    o.history_memory_budget = static_cast<std::size_t>(cfg.hub.history_memory_mb) << 20;
    o.critical_types = cfg.critical_events.critical_types;
    return o;
}

// Opens the store and brings its schema up to date (or refuses to start when migrations are
// pending and store.auto_migrate is off).
std::unique_ptr<store::store> open_migrated_store(const core::config& cfg) {
    auto s = store::open_store(cfg);
    if (cfg.store.auto_migrate) {
        auto applied = s->migrate();
        if (!applied.empty()) spdlog::info("store: applied migrations {}", fmt::join(applied, ", "));
    } else if (auto state = s->migration_status(); !state.pending.empty()) {
        throw store::schema_error(
            fmt::format("the database at schema version {} needs migrations {}; run `ordercast db "
                        "migrate --data-dir {}` or set store.auto_migrate: true",
                        state.current_version, fmt::join(state.pending, ", "), cfg.server.data_dir));
    }
    auto state = s->migration_status();
    spdlog::info("store: {} at schema version {}", store::sqlite_path(cfg), state.current_version);
    return s;
}

std::unique_ptr<asio::ssl::context> tls_context(const core::config& cfg) {
    if (cfg.tls.cert_file.empty()) return nullptr;
    auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                     asio::ssl::context::no_tlsv1_1);
    boost::system::error_code ec;
    ctx->use_certificate_chain_file(cfg.tls.cert_file, ec);
    if (ec)
        throw core::config_error(
            fmt::format("tls.cert_file: cannot load '{}': {}", cfg.tls.cert_file, ec.message()));
    ctx->use_private_key_file(cfg.tls.key_file, asio::ssl::context::pem, ec);
    if (ec)
        throw core::config_error(
            fmt::format("tls.key_file: cannot load '{}': {}", cfg.tls.key_file, ec.message()));
    return ctx;
}

}  // namespace

int serve_command(settings cfg) {
    core::init_logging(cfg.log.level);
    std::error_code fs_ec;
    std::filesystem::create_directories(cfg.server.data_dir, fs_ec);
    if (fs_ec)
        throw core::config_error(
            fmt::format("server.data_dir: cannot create '{}': {}", cfg.server.data_dir, fs_ec.message()));
    if (cfg.development_mode) cfg.auth.jwt_secret = development_secret(cfg);

    // The issuer's published keys, fetched before anything listens; refreshed on their own thread.
    const auto jwks = open_jwks(cfg);
    const auth::jwt_verifier verifier(key_config(cfg, jwks));
    const auth::permission_rules permissions =
        cfg.permissions.empty() ? auth::permission_rules() : auth::permission_rules(cfg.permissions);
    const domain::status_machine order_statuses(cfg.orders);
    const auto store = open_migrated_store(cfg);
    session::connection_registry registry({static_cast<std::size_t>(cfg.limits.connections_per_user),
                                           static_cast<std::size_t>(cfg.limits.connections_per_site),
                                           static_cast<std::size_t>(cfg.limits.connections_per_node)});

    const std::size_t threads = cfg.server.threads > 0 ? static_cast<std::size_t>(cfg.server.threads)
                                                       : std::max(1u, std::thread::hardware_concurrency());
    // The dialects and their paths; the hub renders each event once per dialect in use. Built
    // before the pool so it outlives every connection's session (which counts itself out).
    protocol::dialect_registry dialects(cfg);
    const protocol::event_renderer renderer(dialects);
    net::worker_pool pool(threads);
    hub::hub hub(hub_options_from(cfg), threads, pool, std::ref(renderer));
    pool.attach(hub);

    // The domain: services over the store on the system's clock, publishing to the hub after
    // each commit.
    const core::clock& wall_clock = core::system_clock();
    hub_event_sink events(hub);
    domain::order_service orders(*store, events, wall_clock, order_statuses, cfg.orders.max_page_size);
    orders.set_operators_see_assigned_only(cfg.orders.operators_see_assigned_only);
    domain::customer_service customers(*store, wall_clock, cfg.orders.max_page_size);
    // The job queue: watches order status changes (auto-submission) and moves orders on
    // when their jobs complete; rebuilds the spool folder from the store before serving.
    domain::queue::queue_service queue(
        *store, events, wall_clock, orders,
        domain::queue::queue_settings::from(cfg.queue, cfg.orders, cfg.server.data_dir));
    orders.set_status_observer(&queue);
    const auth::default_ownership_hook other_ownership;
    // Operations, alerts and the status streams; operation:{id} ownership, its subscriber
    // limit and first message; cancel_operation and ack_alert.
    domain::operations::operation_service operations(*store, events, wall_clock, cfg.operations);
    domain::alerts::alert_service alerts(*store, events, wall_clock);
    domain::floor::floor_service floor(*store, events, wall_clock, cfg.orders);
    // Users' first and last connections as events on their site, when the floor asks for them.
    presence_publisher presence(events);
    if (cfg.floor.presence_events) registry.set_presence_observer(&presence);
    domain::alerts::store_site_figures site_figures(*store, cfg.orders, cfg.alerts);
    domain::alerts::alert_rules alert_rules(alerts, site_figures, cfg.alerts);
    domain::streams::status_streams status_streams(*store, events, site_figures, cfg.orders);
    const api::ws::operation_ownership_hook operation_ownership(operations, other_ownership);
    api::ws::operation_subscription_hook operation_subscriptions(operations, hub);
    session::no_domain_command_handler other_commands;
    api::ws::ops_command_handler ops_commands(operations, alerts, other_commands);
    const api::ws::store_ownership_hook ownership(orders, operation_ownership);
    api::ws::order_command_handler commands(orders, ops_commands);

    std::atomic<bool> shutting_down{false};
    const api::ws::store_order_ref_resolver order_refs(orders);
    session::session_context session_ctx{cfg,         hub,       verifier,
                                         permissions, ownership, registry,
                                         commands,    dialects,  &operation_subscriptions,
                                         &order_refs};
    api::router router(verifier);
    api::api_context api_ctx{hub, shutting_down, &orders, &customers, &queue, &operations, &alerts, &floor};
    api::add_health_routes(router, api_ctx);
    api::add_publish_routes(router, api_ctx);
    api::add_order_routes(router, api_ctx);
    api::add_customer_routes(router, api_ctx);
    api::add_queue_routes(router, api_ctx);
    core::global_metrics().add_gauges([&queue](std::map<std::string, double>& g) {
        const auto m = queue.metrics();
        for (const auto& [status, n] : m.by_status) g["queue_jobs_" + status] = static_cast<double>(n);
        for (const auto& [priority, n] : m.queued_by_priority)
            g["queue_queued_" + priority] = static_cast<double>(n);
        g["queue_wait_average_seconds"] = m.average_wait_s;
        g["queue_wait_p95_seconds"] = m.p95_wait_s;
        g["queue_failure_rate"] = m.failure_rate;
        g["queue_failures_total"] = static_cast<double>(m.failures_total);
    });
    api::add_operation_routes(router, api_ctx);
    api::add_alert_routes(router, api_ctx);
    api::add_floor_routes(router, api_ctx);
    api::add_openapi_route(router);
    core::global_metrics().add_gauges([&hub](std::map<std::string, double>& g) {
        auto s = hub.snapshot();
        g["hub_channels"] = static_cast<double>(s.channels);
        g["hub_history_events"] = static_cast<double>(s.history_events);
        g["hub_history_bytes"] = static_cast<double>(s.history_bytes);
        g["hub_subscriptions"] = static_cast<double>(s.subscriptions);
        g["published_total"] = static_cast<double>(s.published);
        g["deliveries_total"] = static_cast<double>(s.delivered);
    });

    auto tls = tls_context(cfg);
    net::server_context server_ctx{session_ctx, router, tls.get(), shutting_down};
    net::listener listener(pool, server_ctx, cfg.server.host, static_cast<std::uint16_t>(cfg.server.port));
    listener.start();

    // Graceful shutdown: stop accepting, close every WebSocket with 1001 after its queue,
    // give them server.shutdown_timeout_ms, then stop the loops.
    asio::signal_set signals(pool.at(0).io(), SIGINT, SIGTERM);
    asio::steady_timer shutdown_timer(pool.at(0).io());
    std::function<void(std::int64_t)> wait_for_drain;
    wait_for_drain = [&](std::int64_t deadline_ms) {
        shutdown_timer.expires_after(std::chrono::milliseconds(20));
        shutdown_timer.async_wait([&, deadline_ms](boost::system::error_code) {
            std::size_t open = 0;
            for (std::size_t i = 0; i < pool.size(); ++i) open += pool.at(i).connection_count();
            if (open == 0 || core::unix_ms() >= deadline_ms) {
                if (open != 0) spdlog::warn("shutdown: {} connections did not close in time", open);
                pool.stop();
                return;
            }
            wait_for_drain(deadline_ms);
        });
    };
    signals.async_wait([&](boost::system::error_code ec, int signo) {
        if (ec) return;
        // The flag first: once the line is in the log, /ready already answers 503 (a test or an
        // orchestrator may act on the line).
        shutting_down.store(true);
        spdlog::info("received {}, shutting down", signo == SIGTERM ? "SIGTERM" : "SIGINT");
        listener.close();
        for (std::size_t i = 0; i < pool.size(); ++i)
            asio::post(pool.at(i).io(), [&pool, i] { pool.at(i).shutdown_connections(); });
        wait_for_drain(core::unix_ms() + cfg.server.shutdown_timeout_ms);
    });

    asio::steady_timer history_timer(pool.at(0).io());
    std::function<void()> expire_history = [&] {
        history_timer.expires_after(std::chrono::seconds(10));
        history_timer.async_wait([&](boost::system::error_code ec) {
            if (ec) return;
            hub.expire_history();
            expire_history();
        });
    };
    expire_history();

    // The periodic work of the services — the operations sweeper (timeouts, cleanup), the alert
    // rules, the status streams and the coalesced queue_update events — on the last worker's
    // loop (away from the signal and history timers).
    auto& periodic_io = pool.at(pool.size() - 1).io();
    using ms = std::chrono::milliseconds;
    periodic_task operations_sweep(periodic_io, ms(cfg.operations.sweep_interval_ms),
                                   [&] { operations.sweep(wall_clock.now_ms()); });
    periodic_task alert_evaluation(periodic_io, ms(cfg.alerts.evaluation_interval_ms),
                                   [&] { alert_rules.evaluate(wall_clock.now_ms()); });
    periodic_task system_status(periodic_io, ms(cfg.streams.system_status_interval_ms),
                                [&] { status_streams.publish_system_status(); });
    periodic_task site_metrics(periodic_io, ms(cfg.streams.metrics_interval_ms),
                               [&] { status_streams.publish_site_metrics(wall_clock.now_ms()); });
    // Idempotency-Key records older than store.idempotency_retention_s, checked every minute (or
    // every retention, when shorter).
    const std::int64_t idempotency_retention_ms = std::int64_t{cfg.store.idempotency_retention_s} * 1000;
    periodic_task idempotency_sweep(
        periodic_io, ms(std::min<std::int64_t>(60000, idempotency_retention_ms)), [&] {
            try {
                const std::int64_t gone =
                    domain::forget_expired_answers(*store, wall_clock, idempotency_retention_ms);
                if (gone != 0) spdlog::debug("store: {} expired idempotency keys removed", gone);
            } catch (const std::exception& e) {
                spdlog::error("store: removing expired idempotency keys failed: {}", e.what());
            }
        });
    // queue_update events, coalesced: at most one per site per queue.update_interval_ms.
    periodic_task queue_updates(periodic_io, ms(cfg.queue.update_interval_ms), [&] {
        if (!shutting_down.load()) queue.flush_updates();
    });
    // The factory dashboard's queue counters, sent again when nothing changed, while a factory
    // connection is open; checked four times per interval so a site is at most a quarter late.
    const int heartbeat_ms = cfg.dialect_factory.queue_heartbeat_ms;
    if (!cfg.dialect_factory.anonymous_site.empty()) queue.know_site(cfg.dialect_factory.anonymous_site);
    periodic_task queue_heartbeat(periodic_io, ms(std::clamp(heartbeat_ms / 4, 10, 1000)), [&] {
        if (!shutting_down.load() && dialects.in_use(protocol::dialect_id::factory))
            queue.heartbeat(heartbeat_ms);
    });
    for (auto* task : {&operations_sweep, &alert_evaluation, &system_status, &site_metrics,
                       &idempotency_sweep, &queue_updates})
        task->start();
    if (heartbeat_ms > 0) queue_heartbeat.start();

    if (!cfg.server.profile.empty()) spdlog::info("profile: {} (docs/profiles.md)", cfg.server.profile);
    for (const std::string& warning : exposure_warnings(cfg)) spdlog::warn("{}", warning);
    const char* scheme = tls ? "https" : "http";
    std::cout << fmt::format("ordercast listening on {}://{}:{} ({} threads, data in {})", scheme,
                             cfg.server.host, listener.port(), threads, cfg.server.data_dir)
              << std::endl;
    if (cfg.development_mode) {
        auth::token_claims claims{.subject = "dev-admin", .role = auth::role::admin};
        claims.names = claim_mapping_from(cfg.auth);
        std::cout << "development mode: no auth.jwt_secret set; generated HS256 secret (kept in "
                  << cfg.server.data_dir << "/dev-secret): " << cfg.auth.jwt_secret << "\n"
                  << "development token (role admin, valid 24 h): "
                  << auth::mint_hs256(cfg.auth.jwt_secret, claims, std::chrono::hours(24)) << "\n"
                  << "mint others with: ordercast token --data-dir " << cfg.server.data_dir
                  << " --sub ID --role ROLE [--site S]" << std::endl;
    }
    // Connections are ticked (heartbeat, idle, acks, token expiry, the progress dialect's JSON
    // ping) once a second, or four times per interval when one is shorter, so they keep to it.
    const int tick_ms = std::min({cfg.hub.ack_timeout_ms, cfg.server.ping_interval_ms,
                                  cfg.server.idle_timeout_ms, cfg.dialect_progress.ping_interval_ms}) /
                        4;
    pool.run_and_join(std::chrono::milliseconds(std::clamp(tick_ms, 10, 1000)));
    // Connections the shutdown left open end with the pool, after `presence` and the hub.
    registry.set_presence_observer(nullptr);
    spdlog::info("stopped");
    return 0;
}

}  // namespace ordercast::app

// The ordercast binary: `serve`, `token`, `config`, `orders`, `queue`, `alerts`, `db`.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

#include "app/options.hpp"
#include "app/profiles.hpp"
#include "auth/error.hpp"
#include "cli/alerts_command.hpp"
#include "cli/db_command.hpp"
#include "cli/orders_command.hpp"
#include "cli/queue_command.hpp"

extern char** environ;

int main(int argc, char** argv) {
    using namespace ordercast;
    CLI::App cli{"ordercast: a real-time order, job and progress server"};
    cli.require_subcommand(1);
    app::common_options common;
    auto add_common = [&](CLI::App* sub) {
        sub->add_option("--config", common.config_file, "YAML configuration file (also ORDERCAST_CONFIG)");
        sub->add_option("--port", common.port, "TCP port (overrides server.port; 0 picks a free one)");
        sub->add_option("--data-dir", common.data_dir, "Data directory (overrides server.data_dir)");
        sub->add_option("--profile", common.profile,
                        "A seed system's profile: " + app::profile_names() +
                            " (docs/profiles.md; also server.profile, ORDERCAST_SERVER_PROFILE)");
    };

    auto* serve = cli.add_subcommand("serve", "Run the server");
    add_common(serve);

    app::token_options token_opts;
    auto* token = cli.add_subcommand("token", "Mint an HS256 token for the configured or development secret");
    add_common(token);
    token->add_option("--sub", token_opts.sub, "Subject (user id)")->required();
    token->add_option("--role", token_opts.role, "customer, employee, operator, manager, admin or service")
        ->capture_default_str();
    token->add_option("--site", token_opts.site, "Site (branch, cafe, shop, factory)");
    token->add_option("--stations", token_opts.stations,
                      "Comma-separated stations (counters, machines, cutters)");
    token->add_option("--ttl", token_opts.ttl, "Lifetime in seconds")->capture_default_str();

    auto* config = cli.add_subcommand(
        "config",
        "List every configuration key with its environment variable and default; with --profile, --config "
        "or --effective, every key's effective value and the layer that set it");
    add_common(config);
    bool effective = false;
    config->add_flag("--effective", effective,
                     "Print the effective values (profile, file, environment and command line applied)");

    cli::orders_command orders;
    orders.attach(cli);
    cli::queue_command queue;
    queue.attach(cli);
    cli::alerts_command alerts;
    alerts.attach(cli);

    auto* db = cli.add_subcommand("db", "The local store: status, schema, migrate, test-order");
    db->require_subcommand(1);
    add_common(db);
    auto* db_status = db->add_subcommand("status", "Engine, file, schema version and order count");
    auto* db_schema = db->add_subcommand("schema", "Print the schema's migrations and which are applied");
    auto* db_migrate = db->add_subcommand("migrate", "Apply pending schema migrations");
    auto* db_test_order = db->add_subcommand("test-order", "Create a sample order in the local store");
    for (auto* sub : {db_status, db_schema, db_migrate, db_test_order}) add_common(sub);

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version exit 0; every usage error exits 2, as the commands document
        // (CLI11's own codes are 100 and up).
        return cli.exit(e) == 0 ? 0 : 2;
    }
    try {
        if (config->parsed()) return app::config_command(common, effective);
        if (orders.parsed())
            return orders.run(std::cout, std::cerr, std::getenv("ORDERCAST_TOKEN"),
                              std::getenv("ORDERCAST_SERVER"));
        if (queue.parsed())
            return queue.run(std::cout, std::cerr, std::getenv("ORDERCAST_TOKEN"),
                             std::getenv("ORDERCAST_SERVER"));
        if (alerts.parsed())
            return alerts.run(std::cout, std::cerr, std::getenv("ORDERCAST_TOKEN"),
                              std::getenv("ORDERCAST_SERVER"));
        app::settings cfg = app::resolve_config(common, environ);
        if (db->parsed()) {
            if (db_status->parsed()) return cli::db_status(cfg, std::cout, std::cerr);
            if (db_schema->parsed()) return cli::db_schema(cfg, std::cout, std::cerr);
            if (db_migrate->parsed()) return cli::db_migrate(cfg, std::cout, std::cerr);
            if (db_test_order->parsed()) return cli::db_test_order(cfg, cfg.orders, std::cout, std::cerr);
        }
        if (token->parsed()) return app::token_command(cfg, token_opts);
        return app::serve_command(std::move(cfg));
    } catch (const core::config_error& e) {
        std::cerr << "ordercast: invalid configuration: " << e.what() << "\n";
        return 2;
    } catch (const auth::config_error& e) {
        std::cerr << "ordercast: invalid configuration: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "ordercast: " << e.what() << "\n";
        return 1;
    }
}

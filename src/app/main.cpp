// The ordercast binary: `serve`, `token`, `config`, `orders`, `queue`, `alerts`, `monitor`, `db`,
// `sizes`. Called `sds` (a symlink beside it, or `ordercast sds ...`) it is the factory's command
// line: the same client commands under the names its operators type, without the server's own.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

#include "app/options.hpp"
#include "app/profiles.hpp"
#include "auth/error.hpp"
#include "cli/alerts_command.hpp"
#include "cli/db_command.hpp"
#include "cli/invocation.hpp"
#include "cli/monitor_command.hpp"
#include "cli/orders_command.hpp"
#include "cli/queue_command.hpp"
#include "cli/unavailable_command.hpp"

extern char** environ;

namespace {

constexpr const char* k_ordercast_about = "ordercast: a real-time order, job and progress server";
constexpr const char* k_sds_about =
    "sds: the Pattern Factory's command line, served by ordercast (the same commands as `ordercast "
    "queue|db|monitor|orders|alerts|sizes`; `ordercast sds ...` is the same as `sds ...`)";

}  // namespace

int main(int argc, char** argv) {
    using namespace ordercast;
    const cli::invocation called = cli::read_invocation(argc, argv);
    const std::string program = called.as_sds ? "sds" : "ordercast";
    CLI::App cli{called.as_sds ? k_sds_about : k_ordercast_about, program};
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

    // The server's own commands: not among the factory's names.
    CLI::App* serve = nullptr;
    CLI::App* token = nullptr;
    CLI::App* config = nullptr;
    CLI::App* sds_misplaced = nullptr;
    app::token_options token_opts;
    bool effective = false;
    if (!called.as_sds) {
        serve = cli.add_subcommand("serve", "Run the server");
        add_common(serve);
        token = cli.add_subcommand("token", "Mint an HS256 token for the configured or development secret");
        add_common(token);
        token->add_option("--sub", token_opts.sub, "Subject (user id)")->required();
        token
            ->add_option("--role", token_opts.role, "customer, employee, operator, manager, admin or service")
            ->capture_default_str();
        token->add_option("--site", token_opts.site, "Site (branch, cafe, shop, factory)");
        token->add_option("--stations", token_opts.stations,
                          "Comma-separated stations (counters, machines, cutters)");
        token->add_option("--ttl", token_opts.ttl, "Lifetime in seconds")->capture_default_str();
        config = cli.add_subcommand("config",
                                    "List every configuration key with its environment variable and default; "
                                    "with --profile, --config "
                                    "or --effective, every key's effective value and the layer that set it");
        add_common(config);
        config->add_flag("--effective", effective,
                         "Print the effective values (profile, file, environment and command line applied)");
        // Listed for --help; `ordercast sds ...` is read as `sds ...` before this parser runs, so
        // this only parses when options came before it.
        sds_misplaced = cli.add_subcommand(
            "sds", "The factory's command names: `ordercast sds queue process` is `sds queue process`");
        sds_misplaced->allow_extras();
    }

    cli::orders_command orders;
    orders.attach(cli);
    cli::queue_command queue;
    queue.attach(cli);
    cli::alerts_command alerts;
    alerts.attach(cli);
    cli::monitor_command monitor;
    monitor.attach(cli);

    auto* db = cli.add_subcommand("db", "The local store: status, schema, migrate, test-order (sync, watch)");
    db->require_subcommand(1);
    add_common(db);
    auto* db_status = db->add_subcommand("status", "Engine, file, schema version and order count");
    auto* db_schema = db->add_subcommand("schema", "Print the schema's migrations and which are applied");
    auto* db_migrate = db->add_subcommand("migrate", "Apply pending schema migrations");
    auto* db_test_order = db->add_subcommand("test-order", "Create a sample order in the local store");
    auto* db_sync = db->add_subcommand(
        "sync", "Sync the local store to PostgreSQL (not available yet: says so, exits 1)");
    auto* db_watch =
        db->add_subcommand("watch", "Watch sync operations live (not available yet: says so, exits 1)");
    for (auto* sub : {db_status, db_schema, db_migrate, db_test_order, db_sync, db_watch}) add_common(sub);

    std::string sizes_template;
    auto* sizes =
        cli.add_subcommand("sizes", "Size chart of a template (not available yet: says so, exits 1)");
    sizes->add_option("--template", sizes_template, "jacket, trousers ...");

    try {
        cli.parse(called.argc, called.argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version exit 0; every usage error exits 2, as the commands document
        // (CLI11's own codes are 100 and up).
        return cli.exit(e) == 0 ? 0 : 2;
    }
    try {
        if (sds_misplaced != nullptr && sds_misplaced->parsed()) {
            std::cerr << "ordercast: `sds` comes first, right after the program's name: `ordercast sds "
                         "queue status`\n";
            return 2;
        }
        if (config != nullptr && config->parsed()) return app::config_command(common, effective);
        if (orders.parsed())
            return orders.run(std::cout, std::cerr, std::getenv("ORDERCAST_TOKEN"),
                              std::getenv("ORDERCAST_SERVER"));
        if (queue.parsed())
            return queue.run(std::cout, std::cerr, std::getenv("ORDERCAST_TOKEN"),
                             std::getenv("ORDERCAST_SERVER"));
        if (alerts.parsed())
            return alerts.run(std::cout, std::cerr, std::getenv("ORDERCAST_TOKEN"),
                              std::getenv("ORDERCAST_SERVER"));
        if (monitor.parsed())
            return monitor.run(std::cout, std::cerr, std::getenv("ORDERCAST_TOKEN"),
                               std::getenv("ORDERCAST_SERVER"));
        if (sizes->parsed()) return cli::report_unavailable(std::cerr, program, cli::k_sizes);
        if (db_sync->parsed()) return cli::report_unavailable(std::cerr, program, cli::k_db_sync);
        if (db_watch->parsed()) return cli::report_unavailable(std::cerr, program, cli::k_db_watch);
        app::settings cfg = app::resolve_config(common, environ);
        if (db->parsed()) {
            if (db_status->parsed()) return cli::db_status(cfg, std::cout, std::cerr);
            if (db_schema->parsed()) return cli::db_schema(cfg, std::cout, std::cerr);
            if (db_migrate->parsed()) return cli::db_migrate(cfg, std::cout, std::cerr);
            if (db_test_order->parsed()) return cli::db_test_order(cfg, cfg.orders, std::cout, std::cerr);
        }
        if (token != nullptr && token->parsed()) return app::token_command(cfg, token_opts);
        if (serve != nullptr && serve->parsed()) return app::serve_command(std::move(cfg));
        return 2;  // the parser requires one of the commands above
    } catch (const core::config_error& e) {
        std::cerr << program << ": invalid configuration: " << e.what() << "\n";
        return 2;
    } catch (const auth::config_error& e) {
        std::cerr << program << ": invalid configuration: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << program << ": " << e.what() << "\n";
        return 1;
    }
}

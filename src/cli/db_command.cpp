#include "cli/db_command.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "cli/order_format.hpp"
#include "core/clock.hpp"
#include "domain/event_sink.hpp"
#include "domain/order_json.hpp"
#include "domain/order_service.hpp"
#include "domain/status_machine.hpp"
#include "store/migrations.hpp"
#include "store/open_store.hpp"
#include "store/store_error.hpp"

namespace ordercast::cli {
namespace {

namespace fs = std::filesystem;

std::string file_size(const fs::path& p) {
    std::error_code ec;
    auto n = fs::file_size(p, ec);
    if (ec) return "-";
    if (n < 10 * 1024) return fmt::format("{} B", n);
    if (n < 10 * 1024 * 1024) return fmt::format("{} KiB", n / 1024);
    return fmt::format("{} MiB", n / (1024 * 1024));
}

bool database_exists(const core::config& cfg, std::ostream& err) {
    if (fs::exists(store::sqlite_path(cfg))) return true;
    err << fmt::format(
        "ordercast: no database at {}; `ordercast serve` creates it on first start, or run "
        "`ordercast db migrate --data-dir {}`\n",
        store::sqlite_path(cfg), cfg.server.data_dir);
    return false;
}

template <class F>
int guarded(std::ostream& err, F&& fn) {
    try {
        return fn();
    } catch (const store::store_error& e) {
        err << "ordercast: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace

int db_status(const core::config& cfg, std::ostream& out, std::ostream& err) {
    if (!database_exists(cfg, err)) return 1;
    return guarded(err, [&] {
        auto s = store::open_store(cfg);
        auto st = s->status();
        const std::string path = store::sqlite_path(cfg);
        out << fmt::format("engine:          {}\n", st.engine);
        out << fmt::format("database:        {} ({}, WAL {})\n", st.location, file_size(path),
                           file_size(path + "-wal"));
        out << fmt::format("schema version:  {} of {}\n", st.migrations.current_version,
                           st.migrations.latest_version);
        if (st.migrations.pending.empty())
            out << "pending:         none\n";
        else
            out << fmt::format("pending:         {} (run `ordercast db migrate`)\n",
                               fmt::join(st.migrations.pending, ", "));
        out << fmt::format("orders:          {}\n", st.orders);
        out << "sync:            local only (no remote store configured)\n";
        return 0;
    });
}

int db_schema(const core::config& cfg, std::ostream& out, std::ostream& err) {
    int current = 0;
    if (fs::exists(store::sqlite_path(cfg))) {
        int rc = guarded(err, [&] {
            current = store::open_store(cfg)->migration_status().current_version;
            return 0;
        });
        if (rc != 0) return rc;
    }
    for (const auto& m : store::all_migrations()) {
        out << fmt::format("-- migration {:03} {} ({})\n", m.version, m.name,
                           m.version <= current ? "applied" : "pending");
        out << m.sql << "\n";
    }
    return 0;
}

int db_migrate(const core::config& cfg, std::ostream& out, std::ostream& err) {
    std::error_code ec;
    fs::create_directories(cfg.server.data_dir, ec);
    if (ec) {
        err << fmt::format("ordercast: cannot create the data directory '{}': {}\n", cfg.server.data_dir,
                           ec.message());
        return 1;
    }
    return guarded(err, [&] {
        auto s = store::open_store(cfg);
        auto applied = s->migrate();
        auto state = s->migration_status();
        if (applied.empty())
            out << fmt::format("schema is up to date (version {})\n", state.current_version);
        else
            out << fmt::format("applied migrations {}; schema version {}\n", fmt::join(applied, ", "),
                               state.current_version);
        return 0;
    });
}

int db_test_order(const core::config& cfg, const domain::orders_config& orders_config, std::ostream& out,
                  std::ostream& err) {
    if (!database_exists(cfg, err)) return 1;
    return guarded(err, [&] {
        auto s = store::open_store(cfg);
        if (!s->migration_status().pending.empty()) {
            err << "ordercast: the database needs migrations first; run `ordercast db migrate`\n";
            return 1;
        }
        const domain::status_machine machine(orders_config);
        domain::no_event_sink events;  // an offline write: nobody listens
        domain::order_service orders(*s, events, core::system_clock(), machine, orders_config.max_page_size);
        auth::principal cli{"ordercast-cli", auth::role::service, {}, {}, 0};
        auto draft = domain::parse_order_draft(R"({
            "customerId": "test-customer", "siteId": "test-site", "priority": "normal",
            "items": [{"name": "Jacket", "quantity": 1}], "totalAmount": 0,
            "attributes": {"garmentType": "jacket", "fitPreference": "regular",
                           "measurements": {"chest": 100, "waist": 84, "hip": 98, "shoulder": 46},
                           "scalingFactors": {"x": 1.02, "y": 0.99}, "fabricRequiredCm": 180.5,
                           "utilizationPercent": 82.4},
            "note": "test order created by `ordercast db test-order`"})");
        auto made = orders.create(cli, *draft, nullptr);
        if (!made) {
            err << "ordercast: " << made.error().message << "\n";
            return 1;
        }
        out << "created test order\n";
        print_order_line(out, made->body);
        return 0;
    });
}

}  // namespace ordercast::cli

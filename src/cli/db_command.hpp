#pragma once
// `ordercast db status|schema|migrate|test-order`: the local store, opened directly from
// the configuration's data directory (a running server may share it: SQLite's locks keep
// both consistent, but the server does not announce what these commands write).
#include <ostream>

#include "core/config.hpp"
#include "domain/order_settings.hpp"

namespace ordercast::cli {

// Engine, file, schema version and pending migrations, order count, file sizes. Exit 1
// when there is no database yet.
int db_status(const core::config& cfg, std::ostream& out, std::ostream& err);
// The schema as this binary knows it: every migration's SQL, marked applied or pending.
int db_schema(const core::config& cfg, std::ostream& out, std::ostream& err);
// Applies pending migrations and names them.
int db_migrate(const core::config& cfg, std::ostream& out, std::ostream& err);
// Creates one sample order (a made-to-measure garment's fields: garment, fit, measurements, scaling
// factors) and prints it.
int db_test_order(const core::config& cfg, const domain::orders_config& orders, std::ostream& out,
                  std::ostream& err);

}  // namespace ordercast::cli

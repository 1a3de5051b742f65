#pragma once
// The JSON shapes of orders, notes, production logs and customers (camelCase, ISO 8601 UTC
// timestamps with milliseconds, absent values as null), shared by the REST API and the
// events so a client sees one shape everywhere.
#include <span>
#include <string>

#include "core/json_writer.hpp"
#include "store/records.hpp"

namespace ordercast::domain {

// Writes the order as one object. `id_key` is "id" for the REST resource (a resource's
// identifier is always "id") and "orderId" in events. With `notes`, adds a "notes" array.
void write_order(core::json_writer& w, const store::order_record& o, std::string_view id_key = "id",
                 const std::vector<store::order_note_record>* notes = nullptr);
void write_note(core::json_writer& w, const store::order_note_record& n);
void write_production_log(core::json_writer& w, const store::production_log_record& l);
void write_customer(core::json_writer& w, const store::customer_record& c);

// The resource as a complete JSON text.
std::string order_json(const store::order_record& o,
                       const std::vector<store::order_note_record>* notes = nullptr);
std::string customer_json(const store::customer_record& c);

// The ETag of a version: "\"<version>\"" (quotes included).
std::string etag(std::int64_t version);

}  // namespace ordercast::domain

#pragma once
// Identifiers of the records ordercast creates (orders, notes, jobs, operations, alerts).
#include <string>

namespace ordercast::core {

// A new identifier (UUID version 7 text, RFC 9562), valid as a channel id. Ids made by this
// process sort (as text) in the order they were made: the Unix milliseconds come first and a
// counter orders those of the same millisecond, so rows of the same time list in insertion
// order under ORDER BY created_at_ms, id. Any thread.
std::string new_id();

}  // namespace ordercast::core

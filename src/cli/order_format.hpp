#pragma once
// How the command line shows orders and events to a person: one line per order or event,
// in the terminal's own width; `--json` prints the server's JSON instead.
#include <ostream>
#include <string_view>

namespace ordercast::cli {

// One order (a REST order object) on one line: id, number, status, priority, site,
// station, customer, assignee, progress bar, version.
void print_order_line(std::ostream& out, std::string_view order_json);
// An orders page ({"orders":[...]}) as a table with a header.
void print_order_table(std::ostream& out, std::string_view page_json, bool header);
// One /v1 event frame: time, type, order and what changed.
void print_event_line(std::ostream& out, std::string_view frame_json);
// A server error body {"error":{"code","message"}} as "CODE: message".
void print_error(std::ostream& out, unsigned status, std::string_view body);

// "[#####     ] 50%"
std::string progress_bar(long percent);

}  // namespace ordercast::cli

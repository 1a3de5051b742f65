#pragma once
// What every command of the command line does with a server's answer: parse it, print a
// person's summary (or the raw JSON with --json), or print the server's error and fail.
#include <simdjson.h>

#include <ostream>
#include <string>
#include <string_view>

#include "cli/http_client.hpp"

namespace ordercast::cli {

// The command line's parser (it is single-threaded); what it returns lives until the next parse.
simdjson::dom::parser& reply_parser();

// A field as text for a summary line: strings as they are, integers in decimal, booleans as
// yes/no, anything else (absent, null) as `fallback`.
std::string field_text(simdjson::dom::element e, const char* key, std::string_view fallback = "-");

// A 2xx answer: its JSON when `json`, else print(out, parsed body) (the body as it is when
// it is not JSON). Returns 0. Anything else: the server's error on `err`, returns 1.
int print_answer(const http_reply& r, bool json, std::ostream& out, std::ostream& err,
                 void (*print)(std::ostream&, simdjson::dom::element));

}  // namespace ordercast::cli

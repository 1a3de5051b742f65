#pragma once
// Reading the fields of a REST request body: one parser per thread, and the type and length
// checks every service applies, with the same sentences (docs/rest.md lists the codes).
#include <simdjson.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/domain_error.hpp"

namespace ordercast::domain {

// Whether an empty (or all-whitespace) body is read as `{}`: bodies of actions whose every
// field is optional may be left out.
enum class empty_body { refused, as_empty_object };

// Whether a JSON null in a field is refused as the wrong type or read as "not given".
enum class null_field { refused, absent };

// The calling thread's parser; what it returns stays valid until the next parse on this thread.
simdjson::dom::parser& request_parser();

// Parses `body` as a JSON object with request_parser(); 422 INVALID_MESSAGE otherwise.
outcome<simdjson::dom::object> parse_request_object(std::string_view body,
                                                    empty_body empty = empty_body::refused);

// "\"<field>\" must be <expected>" (422 INVALID_MESSAGE).
domain_error bad_type(std::string_view field, std::string_view expected);

// "\"<field>\" is larger than <max> bytes ..." (413 MESSAGE_TOO_LARGE, details {field, maxBytes}).
domain_error field_too_large(std::string_view field, std::size_t max_bytes);

// A string of at most `max` bytes into `out`. Longer: 422 INVALID_VALUE, or field_too_large()
// when `too_long` is MESSAGE_TOO_LARGE.
std::optional<domain_error> read_text(simdjson::dom::element v, std::string_view field, std::string& out,
                                      std::size_t max, null_field nulls = null_field::refused,
                                      core::error_code too_long = core::error_code::invalid_value);

// An id that will name channels (siteId, stationId, ...): 1-128 of A-Z a-z 0-9 _ . @ -.
std::optional<domain_error> read_id(simdjson::dom::element v, std::string_view field, std::string& out,
                                    null_field nulls = null_field::refused);

}  // namespace ordercast::domain

#pragma once
// Order requests as clients send them (REST bodies in camelCase JSON), parsed and validated
// into values the order service applies. Wrong JSON types and unknown fields answer 400
// INVALID_MESSAGE; acceptable types with unacceptable values answer 422 INVALID_VALUE.
// Thread-safe (a thread-local parser); allocation is limited to the values kept.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/domain_error.hpp"

namespace ordercast::domain {

// POST /orders. Empty strings and nullopt mean "not given".
struct order_draft {
    std::string number;
    std::string customer_id;
    std::string site_id;
    std::string station_id;
    std::string assignee_id;
    std::string priority;      // empty: "normal"
    std::string items = "[]";  // minified JSON array
    std::optional<double> total_amount;
    std::string currency;
    std::optional<int> progress;
    std::string stage;
    std::optional<std::int64_t> estimated_minutes;
    std::string attributes = "{}";  // minified JSON object
    std::string note;               // an optional first note
};

// PATCH /orders/{id} and the WebSocket order_status_update. nullopt: leave unchanged; an
// empty string for station, assignee or stage: clear it (JSON null).
struct order_patch {
    std::optional<std::string> status;
    std::string message;  // shown to the customer with a status change
    std::string reason;   // why (cancellation, priority change)
    std::optional<std::string> priority;
    std::optional<std::string> station_id;
    std::optional<std::string> assignee_id;
    std::optional<int> progress;
    std::optional<std::string> stage;
    std::optional<std::int64_t> estimated_minutes;
    bool clear_estimated_minutes = false;
    std::optional<double> total_amount;
    bool clear_total_amount = false;   // totalAmount: null
    std::optional<std::string> items;  // minified JSON array; replaces the order's items
    std::string
        attributes;  // a JSON object merged into the order's attributes (null removes a key); empty: none
    std::optional<std::int64_t> expected_version;  // from the body's "version" (If-Match is the API's)

    [[nodiscard]] bool empty() const noexcept {
        return !status && !priority && !station_id && !assignee_id && !progress && !stage &&
               !estimated_minutes && !clear_estimated_minutes && !total_amount && !clear_total_amount &&
               !items && attributes.empty();
    }
};

inline constexpr std::string_view k_priorities[] = {"low", "normal", "high", "urgent"};

outcome<order_draft> parse_order_draft(std::string_view body);
outcome<order_patch> parse_order_patch(std::string_view body);
// POST /orders/{id}/notes: {"text": "..."} (1-2000 characters); returns the text.
outcome<std::string> parse_note(std::string_view body);

// `base` with every key of `patch` set (a null value removes the key). Both are JSON
// objects the caller has validated.
std::string merge_json_objects(std::string_view base, std::string_view patch);

}  // namespace ordercast::domain

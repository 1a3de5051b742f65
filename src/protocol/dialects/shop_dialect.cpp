// The shop dialect, the shop app's: /ws/orders/{user_id}. Every connection of that user gets a
// flat order_update whenever one of their orders changes, and chitty_processed when an
// operation of kind "chitty" they own completes. The client sends nothing that matters.
// The app numbers orders and shops (`"order_id": 7, "shop_id": 1`): order_id is the order's
// number when it has one, and both are JSON numbers when they are decimal integers.
// One PATCH publishes order_updated after the events of what it changed; they render the same
// frame, which the session sends once (collapse_duplicates).
// The shop app sends no token: with dialect_shop.allow_anonymous a tokenless connection
// reads the path's user's updates (anyone who knows the id can); a token must name that user.
#include <fmt/format.h>

#include <array>

#include "auth/role.hpp"
#include "protocol/dialect.hpp"
#include "protocol/dialects/dialect_support.hpp"

namespace ordercast::protocol {
namespace {

constexpr std::array<message_row, 3> k_messages = {{
    {message_row::way::in, "(any JSON)", "(ignored)", "(none)"},
    {message_row::way::out, "order_update",
     "order_updated, order_status_changed, order_priority_changed, order_assigned, order_progress",
     "order_id, shop_id, status, total_amount, updated_at"},
    {message_row::way::out, "chitty_processed", "complete of an operation of kind chitty (on user:{id})",
     "order_id, items_found, total_lines, message"},
}};

using ft = field_type;
using fs = field_source;

// The result's message, else the operation's.
void write_chitty_message(core::json_writer& w, const hub::event&, simdjson::dom::element data) {
    simdjson::dom::element result;
    std::string_view message;
    if (data["result"].get(result) == simdjson::SUCCESS && result.is_object())
        message = support::text(result, "message");
    if (message.empty()) message = support::text(data, "message");
    w.string(message);
}

// From an order event's summary ("order"): the order's site is the shop.
constexpr wire_field k_order_update[] = {
    {"order_id", "orderNumber", ft::id_or_null, fs::data, "orderId"},
    {"shop_id", "siteId", ft::id_or_null, fs::scope},
    {"status", "status", ft::string_or_null, fs::scope},
    {"total_amount", "totalAmount", ft::number_or_null, fs::scope},
    {"updated_at", "updatedAt", ft::string_or_null, fs::scope},
};
// From the operation's result; the worker names the counts in the shop app's snake_case or in
// camelCase.
constexpr wire_field k_chitty_processed[] = {
    {"order_id", "order_id", ft::any_or_null, fs::scope, "orderId"},
    {"items_found", "items_found", ft::number_or_null, fs::scope, "itemsFound"},
    {"total_lines", "total_lines", ft::number_or_null, fs::scope, "totalLines"},
    {"message", "result.message, message", ft::string, fs::computed, {}, write_chitty_message},
};

constexpr event_row k_event_rows[] = {
    {"order_updated", "order_update", k_order_update, "order"},
    {"order_status_changed", "order_update", k_order_update, "order"},
    {"order_priority_changed", "order_update", k_order_update, "order"},
    {"order_assigned", "order_update", k_order_update, "order"},
    {"order_progress", "order_update", k_order_update, "order"},
    {"complete", "chitty_processed", k_chitty_processed, "result", "kind", "chitty"},
};
constexpr event_table k_events{k_event_rows};

class shop_dialect final : public dialect {
public:
    explicit shop_dialect(const core::config& cfg)
        : dialect(dialect_id::shop, dialect_limits{10, 600, 10, 65536, 0}),
          allow_anonymous_(cfg.dialect_shop.allow_anonymous) {}

    std::optional<auth::principal> anonymous(std::string_view user_id) const override {
        if (!allow_anonymous_) return std::nullopt;
        return auth::principal{std::string(user_id), auth::role::customer, {}, {}, 0};
    }

    std::optional<refusal> check_resource(const auth::principal& who,
                                          std::string_view user_id) const override {
        if (who.user_id != user_id) return refusal::not_allowed;
        return std::nullopt;
    }

    std::vector<connect_channel> connect_channels(const auth::principal&,
                                                  std::string_view user_id) const override {
        return {{fmt::format("orders:customer:{}", user_id), false},
                {fmt::format("user:{}", user_id), false}};
    }

    // FastAPI's WebSocket refusals, as the seed's server would give them.
    refusal_frame render_refusal(refusal why, std::string_view) const override {
        switch (why) {
            case refusal::too_many:
                return {{}, {1008, "Too many connections"}};
            case refusal::not_allowed:
                return {{}, {1008, "Unauthorized"}};
            case refusal::rate_limited:
                return {{}, {1008, "rate limit exceeded"}};
            case refusal::missing_token:
            case refusal::bad_token:
            case refusal::expired_token:
            case refusal::no_subject:
                return {{}, {1008, "Authentication failed"}};
        }
        return {{}, {1008, "Authentication failed"}};
    }

    request parse(std::string_view frame, std::string_view) const override {
        if (!support::parse_frame(frame)) return support::close_invalid_json();
        return {};  // anything else: nothing to do
    }

    bool render_event(std::string& out, const hub::event& ev, simdjson::dom::element data) const override {
        return support::render_event(out, k_events, ev, data);
    }
    const event_table* events() const noexcept override { return &k_events; }

    std::span<const message_row> messages() const noexcept override { return k_messages; }

private:
    bool allow_anonymous_;
};

}  // namespace

std::unique_ptr<dialect> make_shop_dialect(const core::config& cfg) {
    return std::make_unique<shop_dialect>(cfg);
}

}  // namespace ordercast::protocol

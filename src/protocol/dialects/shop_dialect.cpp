// The shop dialect, the shop app's: /ws/orders/{user_id}. Every connection of that user gets a
// flat order_update whenever one of their orders changes, and chitty_processed when an
// operation of kind "chitty" they own completes. The client sends nothing that matters.
// The shop app sends no token: with dialect_shop.allow_anonymous a tokenless connection
// reads the path's user's updates (anyone who knows the id can); a token must name that user.
#include <fmt/format.h>

#include <array>

#include "auth/role.hpp"
#include "protocol/dialect.hpp"
#include "protocol/dialects/dialect_support.hpp"

namespace ordercast::protocol {
namespace {

using support::copy;
using support::copy_text;

constexpr std::array<message_row, 3> k_messages = {{
    {message_row::way::in, "(any JSON)", "(ignored)", "(none)"},
    {message_row::way::out, "order_update",
     "order_status_changed, order_priority_changed, order_assigned, order_progress",
     "order_id, shop_id, status, total_amount, updated_at"},
    {message_row::way::out, "chitty_processed", "complete of an operation of kind chitty (on user:{id})",
     "order_id, items_found, total_lines, message"},
}};

constexpr std::array<std::string_view, 4> k_order_changes = {"order_status_changed", "order_priority_changed",
                                                             "order_assigned", "order_progress"};

// {order_id, shop_id, status, total_amount, updated_at} from an order event's summary.
void write_order_update(core::json_writer& w, simdjson::dom::element data) {
    simdjson::dom::element order;
    if (data["order"].get(order) != simdjson::SUCCESS) order = data;
    w.begin_object().field("type", "order_update");
    copy_text(w, "order_id", data, "orderId");
    copy_text(w, "shop_id", order, "siteId");
    copy_text(w, "status", order, "status");
    copy(w, "total_amount", order, "totalAmount");
    copy_text(w, "updated_at", order, "updatedAt");
    w.end_object();
}

// The worker's result names the counts in the shop app's snake_case or in camelCase.
void copy_either(core::json_writer& w, std::string_view key, simdjson::dom::element result, std::string_view snake,
                 std::string_view camel) {
    simdjson::dom::element v;
    if (result[snake].get(v) == simdjson::SUCCESS) copy(w, key, result, snake);
    else copy(w, key, result, camel);
}

void write_chitty_processed(core::json_writer& w, simdjson::dom::element data) {
    simdjson::dom::element result;
    if (data["result"].get(result) != simdjson::SUCCESS || !result.is_object()) result = data;
    w.begin_object().field("type", "chitty_processed");
    copy_either(w, "order_id", result, "order_id", "orderId");
    copy_either(w, "items_found", result, "items_found", "itemsFound");
    copy_either(w, "total_lines", result, "total_lines", "totalLines");
    std::string_view message = support::text(result, "message");
    if (message.empty()) message = support::text(data, "message");
    w.field("message", message).end_object();
}

class shop_dialect final : public dialect {
public:
    explicit shop_dialect(const core::config& cfg)
        : dialect(dialect_id::shop, dialect_limits{10, 600, 10, 65536, 0}),
          allow_anonymous_(cfg.dialect_shop.allow_anonymous) {}

    std::optional<auth::principal> anonymous(std::string_view user_id) const override {
        if (!allow_anonymous_) return std::nullopt;
        return auth::principal{std::string(user_id), auth::role::customer, {}, {}, 0};
    }

    std::optional<refusal> check_resource(const auth::principal& who, std::string_view user_id) const override {
        if (who.user_id != user_id) return refusal::not_allowed;
        return std::nullopt;
    }

    std::vector<connect_channel> connect_channels(const auth::principal&, std::string_view user_id) const override {
        return {{fmt::format("orders:customer:{}", user_id), false}, {fmt::format("user:{}", user_id), false}};
    }

    // FastAPI's WebSocket refusals, as the seed's server would give them.
    refusal_frame render_refusal(refusal why, std::string_view) const override {
        switch (why) {
            case refusal::too_many: return {{}, {1008, "Too many connections"}};
            case refusal::not_allowed: return {{}, {1008, "Unauthorized"}};
            case refusal::rate_limited: return {{}, {1008, "rate limit exceeded"}};
            case refusal::missing_token:
            case refusal::bad_token:
            case refusal::expired_token:
            case refusal::no_subject: return {{}, {1008, "Authentication failed"}};
        }
        return {{}, {1008, "Authentication failed"}};
    }

    request parse(std::string_view frame, std::string_view) const override {
        if (!support::parse_frame(frame)) return support::close_invalid_json();
        return {};  // anything else: nothing to do
    }

    bool render_event(std::string& out, const hub::event& ev, simdjson::dom::element data) const override {
        core::json_writer w(out);
        for (std::string_view change : k_order_changes) {
            if (ev.type == change) {
                write_order_update(w, data);
                return true;
            }
        }
        if (ev.type == "complete" && support::text(data, "kind") == "chitty") {
            write_chitty_processed(w, data);
            return true;
        }
        return false;
    }

    std::span<const message_row> messages() const noexcept override { return k_messages; }

private:
    bool allow_anonymous_;
};

}  // namespace

std::unique_ptr<dialect> make_shop_dialect(const core::config& cfg) { return std::make_unique<shop_dialect>(cfg); }

}  // namespace ordercast::protocol

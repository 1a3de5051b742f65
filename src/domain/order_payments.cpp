#include "domain/order_payments.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/json_writer.hpp"
#include "core/uuid.hpp"
#include "domain/json_fields.hpp"
#include "domain/order_access.hpp"
#include "domain/order_events.hpp"
#include "domain/order_service.hpp"
#include "store/store.hpp"
#include "store/store_error.hpp"

namespace ordercast::domain {
namespace {

using core::error_code;

constexpr std::size_t k_max_text = 2000;
constexpr double k_max_amount = 1e12;

}  // namespace

outcome<payment_draft> parse_payment_draft(std::string_view body) {
    auto parsed = parse_request_object(body);
    if (!parsed) return parsed.error();
    payment_draft d;
    bool has_amount = false;
    for (auto [key, value] : *parsed) {
        std::optional<domain_error> e;
        if (key == "amount") {
            if (value.get_double().get(d.amount) != simdjson::SUCCESS) {
                std::int64_t n = 0;
                if (value.get_int64().get(n) != simdjson::SUCCESS) return bad_type(key, "a number");
                d.amount = static_cast<double>(n);
            }
            if (!std::isfinite(d.amount) || d.amount <= 0 || d.amount > k_max_amount)
                return fail(error_code::invalid_value, "\"amount\" must be a number above 0");
            has_amount = true;
        } else if (key == "method") {
            e = read_text(value, key, d.method, 50);
        } else if (key == "status") {
            e = read_text(value, key, d.status, 20);
        } else if (key == "transactionId") {
            e = read_text(value, key, d.transaction_id, 128);
        } else if (key == "reason") {
            e = read_text(value, key, d.reason, 100);
        } else if (key == "message") {
            e = read_text(value, key, d.message, k_max_text);
        } else if (key == "receiptUrl") {
            e = read_text(value, key, d.receipt_url, k_max_text);
        } else if (key == "retryUrl") {
            e = read_text(value, key, d.retry_url, k_max_text);
        } else if (key == "expiresAt") {
            e = read_text(value, key, d.expires_at, 64);
        } else {
            return fail(
                error_code::invalid_message,
                fmt::format("unknown field \"{}\"; the fields are amount, method, status, transactionId, "
                            "reason, message, receiptUrl, retryUrl, expiresAt (docs/rest.md)",
                            key));
        }
        if (e) return *e;
    }
    if (!has_amount || d.method.empty() || d.status.empty() || d.transaction_id.empty())
        return fail(error_code::invalid_message,
                    "\"amount\", \"method\", \"status\" and \"transactionId\" are required");
    if (d.status != "success" && d.status != "failed")
        return fail(error_code::invalid_value, "\"status\" must be success or failed");
    if (d.status == "failed" && d.reason.empty())
        return fail(error_code::invalid_message,
                    "a failed payment needs its \"reason\" (insufficient_funds, ...)");
    return d;
}

std::string_view payment_state(const store::order_record& o, double paid, std::string_view last_status) {
    if (paid > 0) {
        if (!o.total_amount || paid + 1e-9 >= *o.total_amount) return "paid";
        return "partially_paid";
    }
    return last_status == "failed" ? "failed" : "unpaid";
}

std::string payment_json(const store::payment_record& p, std::string_view state, double paid) {
    std::string out;
    core::json_writer w(out);
    w.begin_object().field("id", p.id).field("orderId", p.order_id).key("amount").floating(p.amount);
    w.field("method", p.method).field("status", p.status).field("transactionId", p.transaction_id);
    w.field_or_null("reason", p.reason);
    w.field_or_null("message", p.message);
    w.field_or_null("receiptUrl", p.receipt_url);
    w.field_or_null("retryUrl", p.retry_url);
    w.field_or_null("expiresAt", p.expires_at);
    w.field("createdBy", p.created_by).key("createdAt").timestamp(p.created_at_ms);
    w.field("orderPaymentStatus", state).key("orderPaidAmount").floating(paid);
    w.end_object();
    return out;
}

std::string_view payment_event_type(const store::payment_record& p) {
    return p.status == "success" ? "payment_processed" : "payment_failed";
}

std::string payment_event_data(const store::order_record& o, const store::payment_record& p,
                               std::string_view state, double paid) {
    std::string out;
    core::json_writer w(out);
    w.begin_object().field("orderId", o.id);
    w.field_or_null("orderNumber", o.number);
    w.field("paymentId", p.id).field("transactionId", p.transaction_id).key("amount").floating(p.amount);
    w.field("method", p.method).field("status", p.status);
    if (p.status == "success") {
        w.field_or_null("receiptUrl", p.receipt_url);
    } else {
        w.field("reason", p.reason);
        w.field_or_null("message", p.message);
        w.field_or_null("retryUrl", p.retry_url);
        w.field_or_null("expiresAt", p.expires_at);
    }
    w.field("paymentStatus", state).key("paidAmount").floating(paid);
    w.end_object();
    return out;
}

outcome<created> order_service::record_payment(const auth::principal& who, std::string_view id,
                                               const payment_draft& d, const idempotency* idem) {
    return guarded("record the payment", [&]() -> outcome<created> {
        auto uow = store_.begin(store::tx_mode::write);
        auto order = uow->orders().find(id);
        if (!order || !may_read(who, *order))
            return fail(error_code::not_found,
                        fmt::format("order '{}' does not exist or is not yours to see", id));
        if (!may_change(who, *order))
            return fail(error_code::insufficient_permissions,
                        "only staff of the order's site, services and admins record payments");
        auto earlier = find_earlier_request(*uow, who, idem, "payment");
        if (!earlier) return earlier.error();
        if (*earlier) return created{(*earlier)->status, std::move((*earlier)->response_body), {}, true};
        store::payment_record p{core::new_id(), order->id,      order->site_id,   d.amount,
                                d.method,       d.status,       d.transaction_id, d.reason,
                                d.message,      d.receipt_url,  d.retry_url,      d.expires_at,
                                who.user_id,    clock_.now_ms()};
        try {
            uow->payments().insert(p);
        } catch (const store::unique_violation&) {
            return fail(
                error_code::already_exists,
                fmt::format("the order already has a payment with transactionId '{}'", p.transaction_id));
        }
        const double paid = uow->payments().paid_amount(order->id);
        const std::string_view state = payment_state(*order, paid, p.status);
        created result{201, payment_json(p, state, paid), p.id, false};
        remember_answer(*uow, who, idem, result.status, result.body, p.created_at_ms);
        std::vector<order_event> events{{std::string(payment_event_type(p)),
                                         payment_event_data(*order, p, state, paid), order_channels(*order)}};
        uow->commit();
        publish_events(events_, events);
        return result;
    });
}

}  // namespace ordercast::domain

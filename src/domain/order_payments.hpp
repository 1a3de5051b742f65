#pragma once
// Payments of an order, as its payment provider reports them to the backend, which records
// each with POST /api/v1/orders/{id}/payments. A payment is a fact (nothing of it changes);
// the order's payment state is what its payments add up to. Recording one publishes
// payment_processed or payment_failed on the order's channels (critical: acknowledged).
#include <string>
#include <string_view>

#include "domain/domain_error.hpp"
#include "store/records.hpp"

namespace ordercast::domain {

struct payment_draft {
    double amount = 0;
    std::string method;
    std::string status;  // success or failed
    std::string transaction_id;
    std::string reason, message, receipt_url, retry_url, expires_at;
};

// The body {amount, method, status, transactionId, reason?, message?, receiptUrl?, retryUrl?,
// expiresAt?}; 422 INVALID_MESSAGE / INVALID_VALUE naming the field otherwise.
outcome<payment_draft> parse_payment_draft(std::string_view body);

// "paid" (successful payments cover the total, or any succeeded when the order has no total),
// "partially_paid", "failed" (the last attempt failed and nothing was paid), "unpaid".
std::string_view payment_state(const store::order_record& o, double paid, std::string_view last_status);

// The payment as the REST API answers it, with the order's payment state after it.
std::string payment_json(const store::payment_record& p, std::string_view state, double paid);

// payment_processed (success) or payment_failed: the event's type and data.
std::string_view payment_event_type(const store::payment_record& p);
std::string payment_event_data(const store::order_record& o, const store::payment_record& p,
                               std::string_view state, double paid);

}  // namespace ordercast::domain

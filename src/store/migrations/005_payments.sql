-- ordercast schema: payments recorded against orders (POST /api/v1/orders/{id}/payments).
-- Self-contained: it only creates its own table, so it can be renumbered when merged beside
-- other migrations. Same dialect rules as 001: TEXT ids, BIGINT Unix-millisecond times.

CREATE TABLE payments (
    id             TEXT PRIMARY KEY,
    order_id       TEXT NOT NULL,
    site_id        TEXT,
    amount         DOUBLE PRECISION NOT NULL,
    method         TEXT NOT NULL,
    status         TEXT NOT NULL,
    transaction_id TEXT NOT NULL,
    reason         TEXT,
    message        TEXT,
    receipt_url    TEXT,
    retry_url      TEXT,
    expires_at     TEXT,
    created_by     TEXT NOT NULL,
    created_at_ms  BIGINT NOT NULL
);
-- A payment provider's transaction is recorded once per order.
CREATE UNIQUE INDEX payments_by_transaction ON payments (order_id, transaction_id);
-- The metrics stream sums a site's successful payments of the hour.
CREATE INDEX payments_by_site_time ON payments (site_id, status, created_at_ms);

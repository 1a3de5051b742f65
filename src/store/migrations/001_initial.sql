-- ordercast schema, version 1: orders, customers, notes, production logs, idempotency keys.
--
-- Written in the SQL that SQLite and PostgreSQL both accept, so both engines run these
-- files unchanged: TEXT ids, BIGINT Unix-millisecond times, DOUBLE PRECISION amounts, JSON
-- kept as TEXT (validated by the server before it is stored), no engine-specific defaults.

CREATE TABLE customers (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL DEFAULT '',
    email                TEXT,
    phone                TEXT,
    site_id              TEXT,
    default_measurements TEXT NOT NULL DEFAULT '{}',
    created_at_ms        BIGINT NOT NULL,
    updated_at_ms        BIGINT NOT NULL
);
CREATE INDEX customers_by_created ON customers (created_at_ms, id);

CREATE TABLE orders (
    id                TEXT PRIMARY KEY,
    number            TEXT UNIQUE,
    customer_id       TEXT,
    site_id           TEXT,
    station_id        TEXT,
    assignee_id       TEXT,
    status            TEXT NOT NULL,
    priority          TEXT NOT NULL DEFAULT 'normal',
    items             TEXT NOT NULL DEFAULT '[]',
    total_amount      DOUBLE PRECISION,
    currency          TEXT,
    progress          INTEGER NOT NULL DEFAULT 0,
    stage             TEXT,
    estimated_minutes BIGINT,
    attributes        TEXT NOT NULL DEFAULT '{}',
    sync_status       TEXT NOT NULL DEFAULT 'local_only',
    version           BIGINT NOT NULL,
    created_by        TEXT,
    created_at_ms     BIGINT NOT NULL,
    updated_at_ms     BIGINT NOT NULL,
    completed_at_ms   BIGINT
);
-- The list order is (created_at_ms DESC, id DESC); each filter has an index that ends in it.
CREATE INDEX orders_by_created  ON orders (created_at_ms, id);
CREATE INDEX orders_by_site     ON orders (site_id, created_at_ms, id);
CREATE INDEX orders_by_customer ON orders (customer_id, created_at_ms, id);
CREATE INDEX orders_by_station  ON orders (station_id, created_at_ms, id);
CREATE INDEX orders_by_assignee ON orders (assignee_id, created_at_ms, id);
CREATE INDEX orders_by_status   ON orders (status, created_at_ms, id);
CREATE INDEX orders_by_updated  ON orders (updated_at_ms);
CREATE INDEX orders_by_sync     ON orders (sync_status);

CREATE TABLE order_notes (
    id            TEXT PRIMARY KEY,
    order_id      TEXT NOT NULL REFERENCES orders (id),
    author_id     TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);
CREATE INDEX order_notes_by_order ON order_notes (order_id, created_at_ms);

CREATE TABLE production_logs (
    id                 TEXT PRIMARY KEY,
    order_id           TEXT NOT NULL REFERENCES orders (id),
    order_version      BIGINT NOT NULL,
    stage              TEXT,
    status             TEXT,
    details            TEXT NOT NULL DEFAULT '{}',
    processing_time_ms BIGINT NOT NULL DEFAULT 0,
    actor_id           TEXT,
    created_at_ms      BIGINT NOT NULL
);
CREATE INDEX production_logs_by_order ON production_logs (order_id, order_version);

CREATE TABLE idempotency_keys (
    principal_id  TEXT NOT NULL,
    idem_key      TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (principal_id, idem_key)
);
CREATE INDEX idempotency_keys_by_created ON idempotency_keys (created_at_ms);

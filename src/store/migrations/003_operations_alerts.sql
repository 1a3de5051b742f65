-- ordercast schema: long-running operations and alerts. Self-contained: it only
-- creates its own tables, so it can be renumbered when merged beside other migrations.
-- Same dialect rules as 001: TEXT ids, BIGINT Unix-millisecond times, JSON as TEXT.

CREATE TABLE operations (
    id                  TEXT PRIMARY KEY,
    kind                TEXT NOT NULL,
    owner_id            TEXT NOT NULL,
    site_id             TEXT,
    status              TEXT NOT NULL,
    step                TEXT,
    progress            INTEGER NOT NULL DEFAULT 0,
    message             TEXT,
    steps               TEXT NOT NULL DEFAULT '[]',
    result              TEXT,
    error_code          TEXT,
    error_details       TEXT,
    cancel_requested    INTEGER NOT NULL DEFAULT 0,
    version             BIGINT NOT NULL,
    created_by          TEXT NOT NULL,
    created_at_ms       BIGINT NOT NULL,
    updated_at_ms       BIGINT NOT NULL,
    last_progress_at_ms BIGINT NOT NULL,
    finished_at_ms      BIGINT
);
-- The timeout sweeper reads open operations by their last progress; cleanup reads finished ones.
CREATE INDEX operations_by_status_progress ON operations (status, last_progress_at_ms);
CREATE INDEX operations_by_finished ON operations (finished_at_ms);

CREATE TABLE alerts (
    id                 TEXT PRIMARY KEY,
    site_id            TEXT NOT NULL,
    severity           TEXT NOT NULL,
    category           TEXT NOT NULL,
    message            TEXT NOT NULL,
    details            TEXT NOT NULL DEFAULT '{}',
    suggested_actions  TEXT NOT NULL DEFAULT '[]',
    rule_key           TEXT,
    state              TEXT NOT NULL,
    raised_by          TEXT NOT NULL,
    created_at_ms      BIGINT NOT NULL,
    acknowledged_by    TEXT,
    acknowledged_at_ms BIGINT,
    resolved_by        TEXT,
    resolved_at_ms     BIGINT
);
CREATE INDEX alerts_by_site_state ON alerts (site_id, state, created_at_ms);
CREATE INDEX alerts_by_state ON alerts (state, created_at_ms);
CREATE INDEX alerts_by_rule ON alerts (rule_key, state);

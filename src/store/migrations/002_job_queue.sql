-- ordercast schema, version 2: the production job queue (the factory's cutter queue).
--
-- Portable SQL as in 001. Jobs are claimed with claim_next_job (store.hpp): SQLite runs the
-- select and the update inside its single write transaction; PostgreSQL will add
-- FOR UPDATE SKIP LOCKED to the same select so that stations claim different rows.

CREATE TABLE jobs (
    id                 TEXT PRIMARY KEY,          -- JOB-YYYYMMDD-NNN
    order_id           TEXT,
    site_id            TEXT NOT NULL,
    station_id         TEXT,                      -- the cutter; NULL: any station may take it
    operator_id        TEXT,
    priority           INTEGER NOT NULL,          -- 1 URGENT, 2 HIGH, 3 NORMAL, 4 LOW
    customer_tier      TEXT,
    tier_bonus         DOUBLE PRECISION NOT NULL DEFAULT 0,
    status             TEXT NOT NULL,
    garment_type       TEXT,
    fabric_required_cm DOUBLE PRECISION,
    plot_file          TEXT,
    notes              TEXT NOT NULL DEFAULT '',
    error              TEXT,
    error_code         TEXT,
    attempts           INTEGER NOT NULL DEFAULT 0,   -- times processing started
    auto_retries       INTEGER NOT NULL DEFAULT 0,   -- automatic retries since the last manual one
    not_before_ms      BIGINT NOT NULL DEFAULT 0,    -- a QUEUED job is not claimed before this
    version            BIGINT NOT NULL,
    created_by         TEXT,
    created_at_ms      BIGINT NOT NULL,
    updated_at_ms      BIGINT NOT NULL,
    queued_at_ms       BIGINT,
    started_at_ms      BIGINT,
    completed_at_ms    BIGINT,
    failed_at_ms       BIGINT,
    cancelled_at_ms    BIGINT,
    paused_at_ms       BIGINT
);
-- Claims scan the QUEUED jobs of one site; lists walk (created_at_ms, id).
CREATE INDEX jobs_by_status  ON jobs (site_id, status, queued_at_ms);
CREATE INDEX jobs_by_created ON jobs (created_at_ms, id);
CREATE INDEX jobs_by_order   ON jobs (order_id);
CREATE INDEX jobs_by_started ON jobs (started_at_ms);

-- The last NNN handed out per day (YYYYMMDD), incremented inside the write transaction.
CREATE TABLE job_day_counters (
    day  TEXT PRIMARY KEY,
    last BIGINT NOT NULL
);

-- A row per paused queue: station_id '' pauses the whole site's queue.
CREATE TABLE queue_pauses (
    site_id      TEXT NOT NULL,
    station_id   TEXT NOT NULL,
    paused_by    TEXT,
    paused_at_ms BIGINT NOT NULL,
    PRIMARY KEY (site_id, station_id)
);

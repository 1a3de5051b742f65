-- ordercast schema: the floor, stations (counters, machines, cutters) and staff (employees,
-- operators) with their status. Self-contained: it only creates its own tables, so it can be
-- renumbered when merged beside other migrations. Same dialect rules as 001: TEXT ids,
-- BIGINT Unix-millisecond times.

CREATE TABLE stations (
    id                   TEXT PRIMARY KEY,
    site_id              TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    name                 TEXT NOT NULL,
    status               TEXT NOT NULL,
    status_reason        TEXT,
    estimated_downtime   BIGINT,
    status_since_ms      BIGINT NOT NULL,
    operator_id          TEXT,
    operator_since_ms    BIGINT,
    version              BIGINT NOT NULL,
    created_by           TEXT NOT NULL,
    created_at_ms        BIGINT NOT NULL,
    updated_by           TEXT NOT NULL,
    updated_at_ms        BIGINT NOT NULL
);
CREATE INDEX stations_by_site ON stations (site_id, created_at_ms, id);

CREATE TABLE staff (
    id                   TEXT PRIMARY KEY,
    site_id              TEXT NOT NULL,
    name                 TEXT,
    role                 TEXT NOT NULL,
    status               TEXT NOT NULL,
    station_id           TEXT,
    break_type           TEXT,
    break_started_at_ms  BIGINT,
    break_ends_at_ms     BIGINT,
    clocked_in_at_ms     BIGINT,
    shift_start_ms       BIGINT,
    shift_end_ms         BIGINT,
    version              BIGINT NOT NULL,
    created_at_ms        BIGINT NOT NULL,
    updated_by           TEXT NOT NULL,
    updated_at_ms        BIGINT NOT NULL
);
CREATE INDEX staff_by_site ON staff (site_id, created_at_ms, id);
